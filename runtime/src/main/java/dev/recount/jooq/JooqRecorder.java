package dev.recount.jooq;

import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.PREVIOUS_HASH;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;
import static dev.recount.jooq.Tables.TRANSACTION_ID;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.Recorder;
import dev.recount.internal.Tracking;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep8;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The recorder for every supported database, in jOOQ's DSL: the dialect renders each statement.
 *
 * <p>How notification ids are kept in commit order depends on the database ({@link
 * Dialect.Ordering}; docs/DATABASES.md has the reasoning):
 *
 * <ul>
 *   <li>H2 and MariaDB: a writer holds the row lock of the lock table from assigning its ids
 *       (after the largest stored) until it commits, so writers commit one at a time in id order
 *       and a failed save leaves no gap.
 *   <li>PostgreSQL: a writer reserves its block of ids from a sequence together with its
 *       transaction id, in a critical section of microseconds, so ids and transaction ids rise
 *       together; readers only see rows whose transaction is older than every transaction still
 *       running. Writers commit in parallel; a failed save leaves a gap in the ids.
 * </ul>
 *
 * <p>Either way a reader never sees an id while a smaller one may still commit, so a follower that
 * asks for the ids after the last one it saw never skips an event.
 */
final class JooqRecorder implements Recorder {
  /** PostgreSQL: the oldest transaction still running when the statement's snapshot was taken. */
  private static final Field<Object> SNAPSHOT_XMIN = DSL.function("pg_snapshot_xmin",
      SQLDataType.OTHER, DSL.function("pg_current_snapshot", SQLDataType.OTHER));

  private final Database database;
  private final Dialect dialect;
  private final DSLContext dsl;
  private final Tables tables;
  /** Which stored rows a reader may see: all, or (PostgreSQL) those of finished transactions. */
  private final Condition visible;
  /** PostgreSQL: the rendered reserving INSERT by number of rows, for up to 64 rows. */
  private final Map<Integer, String> reservingSql = new ConcurrentHashMap<>();
  private final PlainStatements plain;
  private final Inserts inserts;
  private final Reads reads;
  private final Schema schema;
  /** H2 and MariaDB: combines concurrent saves into one transaction under the lock. */
  final GroupCommit groupCommit;
  /** Batches run again save by save because a statement failed: for tests, which check both. */
  private final AtomicInteger rerunBatches = new AtomicInteger();

  JooqRecorder(Database database, String tablePrefix) {
    this.database = database;
    this.dialect = database.dialect();
    this.dsl = database.dsl();
    this.tables = new Tables(tablePrefix);
    this.visible = dialect.ordering == Dialect.Ordering.TRANSACTION_IDS
        ? TRANSACTION_ID.lt(SNAPSHOT_XMIN)
        : DSL.noCondition();
    this.plain = new PlainStatements(dsl, tables, dialect, visible);
    this.inserts = new Inserts(database, tables, plain);
    this.reads = new Reads(database, tables, plain, visible);
    this.schema = new Schema(database, tables, plain);
    this.groupCommit = new GroupCommit(this::insertBatch, dialect == Dialect.MARIADB);
  }

  // ---- tables ---------------------------------------------------------------------------------

  void createTables() {
    schema.create();
  }

  void checkTables() {
    schema.check();
    if (dialect.ordering == Dialect.Ordering.LOCKED_COMMITS) {
      schema.checkLockTable();
    } else {
      schema.checkReservation();
    }
  }

  // ---- insert ---------------------------------------------------------------------------------

  @Override
  public List<StoredEvent> insert(List<StoredEvent> events, List<StoredSnapshot> snapshots,
      Tracking tracking) {
    if (events.isEmpty() && snapshots.isEmpty() && tracking == null) {
      return List.of();
    }
    if (dialect.ordering == Dialect.Ordering.LOCKED_COMMITS && !events.isEmpty()) {
      // Saves of events take the lock: concurrent ones share its acquisition and the commit.
      return groupCommit.submit(new Save(events, snapshots, tracking));
    }
    return insertAlone(events, snapshots, tracking);
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
    long next = lockAndNextId(connection);
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
    long next = lockAndNextId(connection);
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
      boolean plainEvents = events.size() <= Inserts.ROWS_PER_STATEMENT
          || dialect.ordering == Dialect.Ordering.LOCKED_COMMITS;
      DSLContext tx = plainEvents && snapshots.isEmpty() && tracking == null
          ? null // the common save needs no jOOQ context: see insertReserving, insertLocked
          : inserts.context(connection);
      List<StoredEvent> stored = events.isEmpty() ? List.of()
          : dialect.ordering == Dialect.Ordering.TRANSACTION_IDS
              ? insertReserving(connection, tx, events)
          : insertLocked(connection, events);
      inserts.snapshotsAndTracking(tx, snapshots, tracking);
      return stored;
    });
  }

  /** H2 and MariaDB: ids after the largest stored, taken and committed while holding the lock. */
  private List<StoredEvent> insertLocked(Connection connection, List<StoredEvent> events)
      throws SQLException {
    List<StoredEvent> stored = Inserts.numbered(events, lockAndNextId(connection));
    inserts.events(connection, stored);
    return stored;
  }

  /** Takes the lock table's lock, and returns the id after the largest stored. */
  private long lockAndNextId(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(plain.lock)) {
      lock.executeUpdate(); // its count of rows differs (found, or changed: none) by driver
    }
    try (PreparedStatement max = connection.prepareStatement(plain.maxNotificationId);
        ResultSet row = max.executeQuery()) {
      row.next();
      return row.getLong(1) + 1;
    }
  }

  /**
   * PostgreSQL: the first INSERT reserves the ids of all the events (and so the transaction's id)
   * in a CTE, and numbers its rows from the first reserved id; later chunks continue the block.
   *
   * <p>This is the path every save takes, and the one whose throughput matters: jOOQ renders the
   * statement once per number of rows, and JDBC runs it, which halves the client's CPU per save.
   * {@code tx} is needed (and given) only for more than {@link Inserts#ROWS_PER_STATEMENT} events.
   */
  private List<StoredEvent> insertReserving(Connection connection, DSLContext tx,
      List<StoredEvent> events) throws SQLException {
    int firstChunk = Math.min(events.size(), Inserts.ROWS_PER_STATEMENT);
    long firstId = Long.MAX_VALUE;
    int inserted = 0;
    try (PreparedStatement insert = connection.prepareStatement(reservingSql(firstChunk))) {
      int parameter = 1;
      insert.setInt(parameter++, events.size());
      for (StoredEvent event : events.subList(0, firstChunk)) {
        insert.setObject(parameter++, event.originatorId());
        insert.setLong(parameter++, event.originatorVersion());
        insert.setString(parameter++, event.topic());
        insert.setLong(parameter++, event.timestampMicros());
        insert.setBytes(parameter++, event.state());
        insert.setBytes(parameter++, event.previousHash());
        insert.setBytes(parameter++, event.hash());
      }
      try (ResultSet ids = insert.executeQuery()) {
        while (ids.next()) {
          firstId = Math.min(firstId, ids.getLong(1));
          inserted++;
        }
      }
    }
    if (inserted != firstChunk) {
      throw new IllegalStateException("inserted " + inserted + " rows of " + firstChunk);
    }
    List<StoredEvent> stored = Inserts.numbered(events, firstId);
    for (int from = firstChunk; from < stored.size(); from += Inserts.ROWS_PER_STATEMENT) {
      List<StoredEvent> chunk = stored.subList(from,
          Math.min(stored.size(), from + Inserts.ROWS_PER_STATEMENT));
      InsertValuesStep8<Record, Long, UUID, Long, String, Long, byte[], byte[], byte[]> rest =
          insertEvents(tx);
      for (StoredEvent event : chunk) {
        rest = rest.values(event.notificationId(), event.originatorId(),
            event.originatorVersion(), event.topic(), event.timestampMicros(), event.state(),
            event.previousHash(), event.hash());
      }
      rest.execute();
    }
    return stored;
  }

  /**
   * The reserving INSERT of {@code rows} events, as jOOQ renders it for PostgreSQL:
   *
   * <pre>{@code
   * with "reserved"("first") as (select "<prefix>reserve_ids"(?))
   * insert into "<prefix>events" ("notification_id", "originator_id", ...)
   * values ((select "reserved"."first" from "reserved") + 0, ?, ?, ?, ?, ?, ?, ?), ...
   * returning "notification_id"
   * }</pre>
   *
   * Its parameters: the number of events to reserve ids for, then seven per row.
   */
  private String reservingSql(int rows) {
    String cached = reservingSql.get(rows);
    if (cached != null) {
      return cached;
    }
    Name reserved = DSL.name("reserved");
    Field<Long> firstColumn = DSL.field(DSL.name("reserved", "first"), SQLDataType.BIGINT);
    CommonTableExpression<Record1<Long>> reserve = reserved.fields("first").as(DSL.select(
        DSL.function(tables.reserveIds, SQLDataType.BIGINT, DSL.val(0, SQLDataType.INTEGER))));
    Field<Long> first = DSL.field(DSL.select(firstColumn).from(reserved));
    var insert = dsl.with(reserve).insertInto(tables.events, NOTIFICATION_ID, ORIGINATOR_ID,
        ORIGINATOR_VERSION, TOPIC, TIMESTAMP, STATE, PREVIOUS_HASH, HASH);
    for (int i = 0; i < rows; i++) {
      insert = insert.values(first.plus(DSL.inline(i)), DSL.val(null, ORIGINATOR_ID),
          DSL.val(null, ORIGINATOR_VERSION), DSL.val(null, TOPIC), DSL.val(null, TIMESTAMP),
          DSL.val(null, STATE), DSL.val(null, PREVIOUS_HASH), DSL.val(null, HASH));
    }
    String sql = dsl.render(insert.returning(NOTIFICATION_ID));
    if (rows <= 64) {
      reservingSql.put(rows, sql);
    }
    return sql;
  }

  private InsertValuesStep8<Record, Long, UUID, Long, String, Long, byte[], byte[], byte[]>
      insertEvents(DSLContext tx) {
    return tx.insertInto(tables.events, NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC,
        TIMESTAMP, STATE, PREVIOUS_HASH, HASH);
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
