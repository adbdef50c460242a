package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.RecordConflict;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * A save inside a transaction the caller opened on its own connection, and commits or rolls back:
 * no transaction frame, no group commit. On H2 the writers' lock is taken here and held until the
 * caller's transaction ends; on MariaDB the writer's slot, and on PostgreSQL the block of ids, stay
 * in flight until then.
 */
final class JoinedInserts {
  private final Inserts inserts;
  private final IdAssignment ids;
  private final DcbWrites dcb;

  JoinedInserts(Inserts inserts, IdAssignment ids, DcbWrites dcb) {
    this.inserts = inserts;
    this.ids = ids;
    this.dcb = dcb;
  }

  List<StoredEvent> insert(
      Connection connection,
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots) {
    try {
      DSLContext tx = inserts.context(connection);
      List<StoredEvent> stored;
      if (events.isEmpty()) {
        stored = List.of();
      } else if (ids instanceof TakenIds taken) {
        stored = taken.insertJoined(connection, events);
      } else {
        // PostgreSQL: this save's boundary locks, before its ids (docs/DCB.md). A transaction
        // that saves twice takes its second save's keys after its first's, out of order: two
        // such transactions can deadlock, and PostgreSQL then fails one of them.
        dcb.beforeInsert(connection, events, tags);
        stored = ids.insert(connection, tx, events);
      }
      dcb.insertTags(connection, stored, tags);
      inserts.snapshotsAndTracking(tx, snapshots, null);
      return stored;
    } catch (SQLException e) {
      throw inTransaction(inserts.failure(e, events));
    } catch (RuntimeException e) {
      throw inTransaction(inserts.failure(e, events));
    }
  }

  /**
   * A lone save's failure says "nothing was written", which its own rollback makes true. Here the
   * caller's transaction holds whatever of the save got in: the caller must roll it back (and on
   * PostgreSQL cannot do anything else in it).
   */
  private static RuntimeException inTransaction(RuntimeException failure) {
    if (failure instanceof RecordConflict) {
      return failure;
    }
    String message = failure.getMessage();
    if (message != null) {
      message = message.replace("; nothing was written", "");
    }
    message += Deadlocks.victim(failure)
        ? "; the database failed the caller's whole transaction to break a deadlock: roll it back"
            + " and run it again"
        : "; the caller's transaction must be rolled back";
    // An error Recount found itself (a refused isolation level) has no driver's exception below.
    return failure.getCause() == null
        ? new PersistenceError(message)
        : new PersistenceError(message, failure.getCause());
  }
}
