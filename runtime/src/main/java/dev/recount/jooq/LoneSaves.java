package dev.recount.jooq;

import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Tracking;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * A save in a transaction of its own: every save on PostgreSQL; on H2 and MariaDB, a save without
 * events and a group-commit batch of one.
 */
final class LoneSaves {
  private final DSLContext dsl;
  private final Inserts inserts;
  private final IdAssignment ids;
  private final DcbWrites dcb;

  LoneSaves(Database database, Inserts inserts, IdAssignment ids, DcbWrites dcb) {
    this.dsl = database.writes();
    this.inserts = inserts;
    this.ids = ids;
    this.dcb = dcb;
  }

  List<StoredEvent> save(
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots,
      Tracking tracking) {
    try {
      return Deadlocks.retried(() -> dsl.connectionResult(
          connection -> inTransaction(connection, events, tags, snapshots, tracking)));
    } catch (RuntimeException e) {
      throw inserts.failure(e, events);
    }
  }

  private List<StoredEvent> inTransaction(
      Connection connection,
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots,
      Tracking tracking)
      throws SQLException {
    return Transaction.run(connection, Connection.TRANSACTION_NONE, () -> {
      DSLContext tx = ids.needsContext(events.size()) || !snapshots.isEmpty() || tracking != null
          ? inserts.context(connection)
          : null; // the common save needs none: see IdAssignment.needsContext
      dcb.beforeInsert(connection, events, tags); // PostgreSQL's boundary locks, if any events
      List<StoredEvent> stored = events.isEmpty() ? List.of() : ids.insert(connection, tx, events);
      dcb.insertTags(connection, stored, tags);
      inserts.snapshotsAndTracking(tx, snapshots, tracking);
      return stored;
    });
  }
}
