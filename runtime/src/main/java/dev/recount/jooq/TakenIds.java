package dev.recount.jooq;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2 and MariaDB: ids taken in a transaction, for a group commit's batch run again save by save, a
 * conditional append or a save in the caller's transaction, whose events are inserted with them.
 * The transaction must end before readers see them ({@link IdAssignment#visibleBelow} knows it is
 * in flight until then).
 */
interface TakenIds {
  /** Marks the transaction open on {@code connection} as writing, and takes {@code count} ids. */
  long[] take(Connection connection, int count) throws SQLException;

  /**
   * Marks the transaction as writing and keeps every other save from writing until it ends (the
   * conditional append of docs/DCB.md, whose check must see every save before it).
   */
  void excludeOthers(Connection connection) throws SQLException;

  /** After {@link #excludeOthers}: numbers the events and inserts them. */
  List<StoredEvent> insertAlone(Connection connection, List<StoredEvent> events)
      throws SQLException;

  /** Numbers the events and inserts them in the caller's transaction, which may have written. */
  List<StoredEvent> insertJoined(Connection connection, List<StoredEvent> events)
      throws SQLException;
}
