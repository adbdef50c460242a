package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.Recorder;
import dev.recount.internal.Tracking;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The recorder for every supported database, in jOOQ's DSL: the dialect renders each statement.
 * It puts together the schema, the assignment of notification ids that suits the database
 * ({@link IdAssignment}), the inserts, the transactions that run them and the reads.
 */
final class JooqRecorder implements Recorder {
  private final Database database;
  private final DSLContext dsl;
  private final Inserts inserts;
  private final IdAssignment ids;
  private final Schema schema;
  private final Reads reads;
  /**
   * Where a save of events goes: on H2 and MariaDB, whose writers take turns on the lock anyway,
   * into a group commit; on PostgreSQL, whose writers do not wait for each other, alone.
   */
  private final Saves eventSaves;
  /** H2 and MariaDB: combines concurrent saves into one transaction under the lock; else null. */
  final GroupCommit groupCommit;
  private LockedIds lockedIds;
  /** Batches run again save by save because a statement failed: for tests, which check both. */
  private final AtomicInteger rerunBatches = new AtomicInteger();

  JooqRecorder(Database database, String tablePrefix) {
    this.database = database;
    this.dsl = database.dsl();
    Dialect dialect = database.dialect();
    Tables tables = new Tables(tablePrefix);
    PlainStatements plain = new PlainStatements(dsl, tables, dialect);
    this.inserts = new Inserts(database, tables, plain);
    if (dialect.ordering == Dialect.Ordering.LOCKED_COMMITS) {
      this.lockedIds = new LockedIds(plain, inserts);
      this.ids = lockedIds;
      GroupCommit group = new GroupCommit(this::insertBatch, dialect == Dialect.MARIADB);
      this.groupCommit = group;
      // Saves of events take the lock: concurrent ones share its acquisition and the commit.
      this.eventSaves = (events, snapshots, tracking) ->
          group.submit(new Save(events, snapshots, tracking));
    } else {
      this.ids = new ReservedIds(dsl, tables);
      this.groupCommit = null;
      this.eventSaves = this::insertAlone;
    }
    this.schema = new Schema(database, tables, plain, ids);
    this.reads = new Reads(database, tables, plain, ids.visible());
  }

  // ---- tables ---------------------------------------------------------------------------------

  void createTables() {
    schema.create();
  }

  void checkTables() {
    schema.check();
  }

  // ---- insert ---------------------------------------------------------------------------------

  @Override
  public List<StoredEvent> insert(List<StoredEvent> events, List<StoredSnapshot> snapshots,
      Tracking tracking) {
    if (!events.isEmpty()) {
      return eventSaves.save(events, snapshots, tracking);
    }
    if (snapshots.isEmpty() && tracking == null) {
      return List.of();
    }
    return insertAlone(events, snapshots, tracking);
  }

  /** A way a save reaches the database. */
  private interface Saves {
    List<StoredEvent> save(List<StoredEvent> events, List<StoredSnapshot> snapshots,
        Tracking tracking);
  }

  /** One save in a transaction of its own. */
  private List<StoredEvent> insertAlone(List<StoredEvent> events, List<StoredSnapshot> snapshots,
      Tracking tracking) {
    try {
      return dsl.connectionResult(connection -> inTransaction(connection, events, snapshots,
          tracking));
    } catch (RuntimeException e) {
      throw inserts.failure(e, events.size());
    }
  }

  /**
   * H2 and MariaDB: the saves of a {@link GroupCommit} batch, in one transaction that takes the
   * lock once and commits once. All their events go in one statement batch. If any statement
   * fails (a version already stored, a notification already tracked, data the database refuses),
   * the transaction is rolled back and the batch runs again with a savepoint per save, so that the
   * save that failed is undone alone and fails as it would by itself, and the next save's ids
   * follow the last save kept: ids stay gap-free and in commit order. A failure of the lock, the
   * connection or the commit fails every save of the batch, as it would fail each alone. A batch
   * of one is a plain save.
   */
  private void insertBatch(List<Save> batch) {
    if (batch.size() == 1) {
      Save save = batch.get(0);
      try {
        save.succeed(insertAlone(save.events, save.snapshots, save.tracking));
      } catch (RuntimeException e) {
        save.fail(e);
      }
      return;
    }
    List<List<StoredEvent>> stored;
    try {
      stored = dsl.connectionResult(connection -> inBatchTransaction(connection, batch));
    } catch (RuntimeException e) {
      for (Save save : batch) {
        if (!save.isDone()) {
          RuntimeException failure = inserts.failure(e, save.events.size());
          // One exception per caller: each thread may add to it (suppressed, stack).
          save.fail(failure == e ? new PersistenceError("could not save "
              + save.events.size() + " event(s) at " + database.describe()
              + "; nothing was written", e) : failure);
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      if (stored.get(i) != null) {
        batch.get(i).succeed(stored.get(i));
      }
    }
  }

  int rerunBatches() {
    return rerunBatches.get();
  }

  /** The saves' numbered events; null for a save undone at its savepoint. */
  private List<List<StoredEvent>> inBatchTransaction(Connection connection, List<Save> batch)
      throws SQLException {
    return Transaction.run(connection, () -> {
      // Only snapshots and tracking are written through jOOQ; most batches have neither.
      DSLContext tx = batch.stream().allMatch(save -> save.snapshots.isEmpty()
          && save.tracking == null) ? null : inserts.context(connection);
      List<List<StoredEvent>> stored = allOrNothing(connection, tx, batch);
      return stored != null ? stored : saveBySave(connection, tx, batch);
    });
  }

  /**
   * Every save of the batch, its events in one statement batch, without savepoints: the common
   * case, where no save fails, and H2 parses a savepoint's SQL every time. Null, with the
   * transaction rolled back, when a statement failed.
   */
  private List<List<StoredEvent>> allOrNothing(Connection connection, DSLContext tx,
      List<Save> batch) throws SQLException {
    long next = lockedIds.lockAndNextId(connection);
    List<List<StoredEvent>> stored = new ArrayList<>(batch.size());
    List<StoredEvent> all = new ArrayList<>();
    for (Save save : batch) {
      List<StoredEvent> numbered = Inserts.numbered(save.events, next);
      next += numbered.size();
      stored.add(numbered);
      all.addAll(numbered);
    }
    try {
      inserts.events(connection, all);
      for (Save save : batch) {
        inserts.snapshotsAndTracking(tx, save.snapshots, save.tracking);
      }
      return stored;
    } catch (SQLException | DataAccessException | AlreadyTracked e) {
      connection.rollback(); // and the lock with it; if this fails, the batch fails
      rerunBatches.incrementAndGet();
      return null;
    }
  }

  /** The batch again, each save after a savepoint, undone alone if a statement of it fails. */
  private List<List<StoredEvent>> saveBySave(Connection connection, DSLContext tx,
      List<Save> batch) throws SQLException {
    long next = lockedIds.lockAndNextId(connection);
    List<List<StoredEvent>> stored = new ArrayList<>(batch.size());
    for (Save save : batch) {
      Savepoint savepoint = connection.setSavepoint();
      RuntimeException failed;
      try {
        List<StoredEvent> numbered = Inserts.numbered(save.events, next);
        inserts.events(connection, numbered);
        inserts.snapshotsAndTracking(tx, save.snapshots, save.tracking);
        next += numbered.size();
        stored.add(numbered);
        continue;
      } catch (SQLException e) {
        failed = inserts.failure(e, save.events.size());
      } catch (AlreadyTracked e) {
        failed = e;
      } catch (DataAccessException e) {
        failed = inserts.failure(e, save.events.size());
      }
      // A statement of this save failed (a key it broke, data the database refused): undo it
      // alone, and it fails as it would by itself. If even that fails, the connection is gone
      // and the whole batch fails.
      try {
        connection.rollback(savepoint);
      } catch (SQLException rollbackFailed) {
        failed.addSuppressed(rollbackFailed);
        throw failed;
      }
      save.fail(failed); // not stored, whatever becomes of the batch
      stored.add(null);
    }
    return stored;
  }

  private List<StoredEvent> inTransaction(Connection connection, List<StoredEvent> events,
      List<StoredSnapshot> snapshots, Tracking tracking) throws SQLException {
    return Transaction.run(connection, () -> {
      DSLContext tx = ids.needsContext(events.size()) || !snapshots.isEmpty() || tracking != null
          ? inserts.context(connection)
          : null; // the common save needs none: see IdAssignment.needsContext
      List<StoredEvent> stored = events.isEmpty() ? List.of()
          : ids.insert(connection, tx, events);
      inserts.snapshotsAndTracking(tx, snapshots, tracking);
      return stored;
    });
  }

  // ---- select ---------------------------------------------------------------------------------

  @Override
  public List<StoredEvent> events(UUID originatorId, long fromVersion, long toVersion,
      boolean descending, int limit) {
    return reads.events(originatorId, fromVersion, toVersion, descending, limit);
  }

  @Override
  public Replay replay(UUID originatorId, long toVersion) {
    return reads.replay(originatorId, toVersion);
  }

  @Override
  public List<StoredSnapshot> snapshots(UUID originatorId) {
    return reads.snapshots(originatorId);
  }

  @Override
  public List<StoredEvent> notifications(long fromId, int limit, Set<String> topics) {
    return reads.notifications(fromId, limit, topics);
  }

  @Override
  public long maxNotificationId() {
    return reads.maxNotificationId();
  }

  @Override
  public long maxTracked(String application, String upstream) {
    return reads.maxTracked(application, upstream);
  }

  @Override
  public List<UUID> originatorIds(UUID after, int limit) {
    return reads.originatorIds(after, limit);
  }

  @Override
  public void close() {
    database.close();
  }
}
