package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.FenceRefused;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * H2 and MariaDB: runs the saves of a {@link GroupCommit} batch, in one transaction that takes its
 * ids once (H2's lock, MariaDB's slot) and commits once. All their events go in one statement
 * batch. If any statement fails (a version already stored, a notification already tracked, data the
 * database refuses), the transaction is rolled back and the batch runs again with a savepoint per
 * save, so that the save that failed is undone alone and fails as it would by itself, and the next
 * save's ids follow the last save kept (on H2 the ids stay gap-free; on MariaDB the first run's ids
 * are a gap). A failure of the lock, the connection or the commit fails every save of the batch, as
 * it would fail each alone. A batch the database rolled back to break a deadlock runs again whole
 * ({@link Deadlocks}). A batch of one is a plain save.
 */
final class Batches {
  private final Database database;
  private final DSLContext dsl;
  private final Inserts inserts;
  /** Numbers and inserts a batch's events: on MariaDB in the statement that inserts them. */
  private final IdAssignment numbering;
  /** Ids taken first, for a batch run again save by save. */
  private final TakenIds ids;

  private final LoneSaves lone;
  private final DcbWrites dcb;
  /** Batches run again save by save because a statement failed: for tests, which check both. */
  private final AtomicInteger reruns = new AtomicInteger();

  Batches(
      Database database,
      Inserts inserts,
      IdAssignment numbering,
      TakenIds ids,
      LoneSaves lone,
      DcbWrites dcb) {
    this.dcb = dcb;
    this.numbering = numbering;
    this.database = database;
    this.dsl = database.writes();
    this.inserts = inserts;
    this.ids = ids;
    this.lone = lone;
  }

  /** Runs the batch and completes every save in it. */
  void run(List<Save> batch) {
    if (batch.size() == 1) {
      Save save = batch.get(0);
      try {
        save.succeed(lone.save(save.events, save.tags, save.snapshots, save.tracking));
      } catch (RuntimeException e) {
        save.fail(e);
      }
      return;
    }
    List<List<StoredEvent>> stored;
    // Saves undone at their savepoint, with their failure: told only once the transaction has
    // ended, since a loser that loads again before the winner's commit would see the old version.
    Map<Save, RuntimeException> undone = new IdentityHashMap<>();
    try {
      stored = Deadlocks.retried(() -> {
        undone.clear(); // what a run rolled back to break a deadlock decided nothing
        return dsl.connectionResult(connection -> inBatchTransaction(connection, batch, undone));
      });
    } catch (RuntimeException e) {
      for (Save save : batch) {
        RuntimeException own = undone.get(save);
        if (own != null) {
          own.addSuppressed(e);
          save.fail(own); // not stored, whatever became of the batch
        } else if (!save.isDone()) {
          RuntimeException failure = inserts.failure(e, save.events);
          // One exception per caller: each thread may add to it (suppressed, stack).
          save.fail(
              failure == e
                  ? new PersistenceError(
                      "could not save "
                          + save.events.size() + " event(s) at " + database.describe()
                          + "; nothing was written",
                      e)
                  : failure);
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (stored.get(i) != null) {
        batch.get(i).succeed(stored.get(i));
      } else {
        batch.get(i).fail(undone.get(batch.get(i)));
      }
    }
  }

  int reruns() {
    return reruns.get();
  }

  /** The saves' numbered events; null for a save undone at its savepoint. */
  private List<List<StoredEvent>> inBatchTransaction(
      Connection connection, List<Save> batch, Map<Save, RuntimeException> undone)
      throws SQLException {
    return Transaction.run(connection, Connection.TRANSACTION_NONE, () -> {
      // Only snapshots and tracking are written through jOOQ; most batches have neither.
      DSLContext tx =
          batch.stream().allMatch(save -> save.snapshots.isEmpty() && save.tracking == null)
              ? null
              : inserts.context(connection);
      List<List<StoredEvent>> stored = allOrNothing(connection, tx, batch);
      return stored != null ? stored : saveBySave(connection, tx, batch, undone);
    });
  }

  /**
   * Every save of the batch, its events in one statement batch, without savepoints: the common
   * case, where no save fails, and H2 parses a savepoint's SQL every time. Null, with the
   * transaction rolled back, when a statement failed.
   */
  private List<List<StoredEvent>> allOrNothing(
      Connection connection, DSLContext tx, List<Save> batch) throws SQLException {
    List<StoredEvent> all = new ArrayList<>(eventCount(batch));
    for (Save save : batch) {
      all.addAll(save.events);
    }
    try {
      // MariaDB: the slot, then one insert whose rows take their ids from the sequence; taking
      // the ids first, as a run save by save does, costs two more statements.
      List<StoredEvent> numbered = numbering.insert(connection, null, all);
      List<List<StoredEvent>> stored = new ArrayList<>(batch.size());
      int next = 0;
      for (Save save : batch) {
        stored.add(List.copyOf(numbered.subList(next, next + save.events.size())));
        next += save.events.size();
      }
      for (int i = 0; i < batch.size(); i++) {
        Save save = batch.get(i);
        dcb.insertTags(connection, stored.get(i), save.tags);
        inserts.snapshotsAndTracking(tx, save.snapshots, save.tracking);
      }
      return stored;
    } catch (SQLException | DataAccessException | AlreadyTracked | FenceRefused e) {
      if (Deadlocks.victim(e)) {
        throw e; // the database rolled the batch back: it runs again whole
      }
      connection.rollback(); // and the lock with it; if this fails, the batch fails
      reruns.incrementAndGet();
      return null;
    }
  }

  /** The batch again, each save after a savepoint, undone alone if a statement of it fails. */
  private List<List<StoredEvent>> saveBySave(
      Connection connection, DSLContext tx, List<Save> batch, Map<Save, RuntimeException> undone)
      throws SQLException {
    // A save undone at its savepoint leaves its ids to the next: they were never committed.
    long[] taken = ids.take(connection, eventCount(batch));
    int next = 0;
    List<List<StoredEvent>> stored = new ArrayList<>(batch.size());
    for (Save save : batch) {
      Savepoint savepoint = connection.setSavepoint();
      RuntimeException failed;
      try {
        List<StoredEvent> numbered = Inserts.numbered(save.events, taken, next);
        inserts.events(connection, numbered);
        dcb.insertTags(connection, numbered, save.tags);
        inserts.snapshotsAndTracking(tx, save.snapshots, save.tracking);
        next += numbered.size();
        stored.add(numbered);
        continue;
      } catch (SQLException e) {
        failed = inserts.failure(e, save.events);
      } catch (AlreadyTracked | FenceRefused e) {
        failed = e;
      } catch (DataAccessException e) {
        failed = inserts.failure(e, save.events);
      }
      // A statement of this save failed (a key it broke, data the database refused): undo it
      // alone, and it fails as it would by itself. If even that fails, the connection is gone
      // and the whole batch fails. Not after a deadlock: the database rolled back the saves
      // before this one too, and the batch runs again whole.
      if (Deadlocks.victim(failed)) {
        throw failed;
      }
      try {
        connection.rollback(savepoint);
      } catch (SQLException rollbackFailed) {
        failed.addSuppressed(rollbackFailed);
        throw failed;
      }
      undone.put(save, failed);
      stored.add(null);
    }
    return stored;
  }

  private static int eventCount(List<Save> batch) {
    int count = 0;
    for (Save save : batch) {
      count += save.events.size();
    }
    return count;
  }
}
