package dev.recount.jooq;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * H2 and MariaDB: ids taken in a transaction, for a group commit's batch, a conditional append or a
 * save in the caller's transaction, whose events are then inserted with them. The transaction must
 * end before readers see them ({@link IdAssignment#visibleBelow} knows it is in flight until then).
 */
interface TakenIds {
  /** Marks the transaction open on {@code connection} as writing, and takes {@code count} ids. */
  long[] take(Connection connection, int count) throws SQLException;

  /**
   * As {@link #take}, and also keeps every other save from writing until this transaction ends (the
   * conditional append of docs/DCB.md, whose check must see every save before it).
   */
  long[] takeAlone(Connection connection, int count) throws SQLException;

  /** Numbers the events and inserts them in the caller's transaction, which may have written. */
  List<StoredEvent> insertJoined(Connection connection, List<StoredEvent> events)
      throws SQLException;
}
