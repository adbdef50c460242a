package dev.recount.jooq;

import static dev.recount.jooq.Tables.APPLICATION_NAME;
import static dev.recount.jooq.Tables.FINGERPRINT;
import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.HEAD;
import static dev.recount.jooq.Tables.LOCK_ID;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.PREVIOUS_HASH;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;
import static dev.recount.jooq.Tables.UPSTREAM_NAME;
import static dev.recount.jooq.Tables.TRANSACTION_ID;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import dev.recount.internal.Tracking;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
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
import org.jooq.Record2;
import org.jooq.Record8;
import org.jooq.RecordMapper;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
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
  /** Rows per INSERT statement: well under every driver's limit of bind values. */
  private static final int ROWS_PER_STATEMENT = 1000;

  private static final RecordMapper<Record8<Long, UUID, Long, String, Long, byte[], byte[], byte[]>,
      StoredEvent> EVENT = row -> new StoredEvent(row.value2(), row.value3(), row.value4(),
          row.value5(), row.value6(), row.value7(), row.value8(), row.value1());

  private static final RecordMapper<Record, StoredSnapshot> SNAPSHOT = row -> new StoredSnapshot(
      row.get(ORIGINATOR_ID), row.get(ORIGINATOR_VERSION), row.get(TOPIC), row.get(TIMESTAMP),
      row.get(FINGERPRINT), row.get(STATE), row.get(HEAD), row.get(HASH));

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
    this.groupCommit = new GroupCommit(this::insertBatch, dialect == Dialect.MARIADB);
  }

  // ---- tables ---------------------------------------------------------------------------------

  /**
   * Creates the tables that are missing. Several processes may start at once: PostgreSQL runs the
   * DDL in one transaction under an advisory lock, MariaDB under a named lock, H2 again if it lost
   * a race.
   */
  void createTables() {
    try {
      dsl.connection(connection -> {
        switch (dialect) {
          case POSTGRES:
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
              statement.execute("SELECT pg_advisory_xact_lock(" + Dialect.ADVISORY_CLASS_DDL
                  + ", " + tables.prefix.hashCode() + ")");
              for (String ddl : dialect.ddl(tables.prefix)) {
                statement.execute(ddl);
              }
              connection.commit();
            } catch (SQLException | RuntimeException e) {
              connection.rollback();
              throw e;
            } finally {
              connection.setAutoCommit(true);
            }
            break;
          case MARIADB:
            try (Statement statement = connection.createStatement()) {
              statement.execute("DO GET_LOCK('recount:" + tables.prefix + "', 60)");
              try {
                for (String ddl : dialect.ddl(tables.prefix)) {
                  statement.execute(ddl);
                }
              } finally {
                statement.execute("DO RELEASE_LOCK('recount:" + tables.prefix + "')");
              }
            }
            break;
          default:
            // H2 has no lock for DDL, and its IF NOT EXISTS is not atomic across sessions: a
            // process that starts beside another can lose the race for an index ("object
            // already exists"). Every statement is idempotent, so running them again settles it.
            for (int attempt = 1; ; attempt++) {
              try (Statement statement = connection.createStatement()) {
                for (String ddl : dialect.ddl(tables.prefix)) {
                  statement.execute(ddl);
                }
                break;
              } catch (SQLException e) {
                if (attempt == 3) {
                  throw e;
                }
                try {
                  Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                  Thread.currentThread().interrupt();
                  throw e;
                }
              }
            }
        }
      });
    } catch (DataAccessException e) {
      throw new PersistenceError("could not create the tables " + tables.prefix + "* at "
          + database.describe(), e);
    }
  }

  /**
   * Checks that the tables exist with the columns this recorder uses, so that a schema made by
   * hand fails at start with a clear message, not at the first save; and in PostgreSQL, repairs
   * transaction ids that came from another cluster (see {@link #adoptForeignTransactionIds}).
   */
  void checkTables() {
    String advice = "; create them with the DDL in docs/DATABASES.md (Dialect." + dialect.name()
        + ".script(\"" + tables.prefix + "\")), or start with CREATE_TABLES=true";
    try {
      dsl.select(NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, STATE,
              PREVIOUS_HASH, HASH)
          .from(tables.events).where(DSL.falseCondition()).fetch();
      dsl.select(ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD,
              HASH)
          .from(tables.snapshots).where(DSL.falseCondition()).fetch();
      dsl.select(APPLICATION_NAME, UPSTREAM_NAME, NOTIFICATION_ID)
          .from(tables.tracking).where(DSL.falseCondition()).fetch();
    } catch (DataAccessException e) {
      throw new PersistenceError("the tables " + tables.events + ", " + tables.snapshots + " and "
          + tables.tracking
          + " at " + database.describe() + " are missing or lack columns" + advice, e);
    }
    if (dialect.ordering == Dialect.Ordering.LOCKED_COMMITS) {
      boolean locked;
      try {
        locked = dsl.fetchExists(dsl.selectOne().from(tables.lock).where(LOCK_ID.eq(1)));
      } catch (DataAccessException e) {
        throw new PersistenceError("the table " + tables.lock + " at " + database.describe()
            + " is missing" + advice, e);
      }
      if (!locked) {
        throw new PersistenceError("the table " + tables.lock + " at " + database.describe()
            + " is not ready", new IllegalStateException("it has no row with id 1" + advice));
      }
      checkLock();
      return;
    }
    Object function;
    try {
      dsl.select(TRANSACTION_ID).from(tables.events).where(DSL.falseCondition()).fetch();
      function = dsl.select(DSL.function("to_regprocedure", SQLDataType.OTHER,
          DSL.val("\"" + tables.reserveIds.last() + "\"(integer)"))).fetchOne().value1();
    } catch (DataAccessException e) {
      throw new PersistenceError("the table " + tables.events + " at " + database.describe()
          + " has no transaction_id column" + advice, e);
    }
    if (function == null) {
      throw new PersistenceError("the function " + tables.reserveIds + " at "
          + database.describe() + " is missing", new IllegalStateException(
              "it reserves notification ids" + advice));
    }
    // Ids must come out of the sequence in the order of the calls: no per-session cache.
    Record2<Long, Long> sequence;
    try {
      sequence = dsl.select(DSL.field(DSL.name("seqcache"), SQLDataType.BIGINT),
              DSL.field(DSL.name("seqincrement"), SQLDataType.BIGINT))
          .from(DSL.table(DSL.name("pg_catalog", "pg_sequence")))
          .where(DSL.field(DSL.name("seqrelid")).eq(DSL.function("to_regclass",
              SQLDataType.OTHER, DSL.val("\"" + tables.prefix + "notification_ids\""))))
          .fetchOne();
    } catch (DataAccessException e) {
      throw new PersistenceError("could not check the sequence " + tables.prefix
          + "notification_ids at " + database.describe(), e);
    }
    if (sequence == null || sequence.value1() != 1 || sequence.value2() != 1) {
      throw new PersistenceError("the sequence \"" + tables.prefix + "notification_ids\" at "
          + database.describe() + " cannot number notifications", new IllegalStateException(
              sequence == null ? "it is missing" + advice
                  : "it has CACHE " + sequence.value1() + " and INCREMENT " + sequence.value2()
                      + "; notification ids need CACHE 1 and INCREMENT 1, so that they come"
                      + " out in the order they are asked for"));
    }
    adoptForeignTransactionIds();
  }

  /**
   * PostgreSQL: rows restored into another cluster (pg_dump and restore, logical replication)
   * keep the transaction ids of the cluster that wrote them, which may be ahead of this one's.
   * Those rows would stay hidden, and new rows could become visible before them. Every such
   * row's transaction has long finished, so its transaction id is set to 0, which every reader
   * sees. The newest row tells whether this is needed, since transaction ids rise with ids.
   */
  private void adoptForeignTransactionIds() {
    Field<Object> xmax = DSL.function("pg_snapshot_xmax", SQLDataType.OTHER,
        DSL.function("pg_current_snapshot", SQLDataType.OTHER));
    try {
      Boolean foreign = dsl.select(DSL.field(TRANSACTION_ID.ge(xmax)))
          .from(tables.events)
          .orderBy(NOTIFICATION_ID.desc())
          .limit(1)
          .fetchOne(0, Boolean.class);
      if (Boolean.TRUE.equals(foreign)) {
        dsl.transaction(configuration -> {
          DSLContext tx = configuration.dsl();
          tx.select(DSL.function("pg_advisory_xact_lock", SQLDataType.OTHER,
              DSL.val(Dialect.ADVISORY_CLASS_DDL), DSL.val(tables.prefix.hashCode()))).fetch();
          tx.update(tables.events)
              .set(java.util.Map.of(TRANSACTION_ID, DSL.field("'0'::xid8")))
              .where(TRANSACTION_ID.ge(xmax))
              .execute();
        });
      }
    } catch (DataAccessException e) {
      throw new PersistenceError("could not adopt the rows of " + tables.events + " at "
          + database.describe() + " that another cluster wrote (their transaction ids are"
          + " ahead of this cluster's)", e);
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
      throw failure(e, events.size());
    }
  }

  /** What a caller whose save failed with {@code e} is told. */
  private RuntimeException failure(RuntimeException e, int events) {
    if (e instanceof CommitFailed commitFailed) {
      return new PersistenceError("could not save " + events + " event(s) at "
          + database.describe() + ": the connection failed while committing, so the save may"
          + " or may not be stored (all of it or nothing); load the aggregate to see",
          commitFailed.cause);
    }
    if (e instanceof DataAccessException dataAccess) {
      if (isIntegrityViolation(dataAccess)) {
        return new RecordConflict(e);
      }
      return new PersistenceError("could not save " + events + " event(s) at "
          + database.describe() + "; nothing was written", e);
    }
    return e; // AlreadyTracked, or a bug
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
          RuntimeException failure = failure(e, save.events.size());
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
    return transaction(connection, () -> {
      // Only snapshots and tracking are written through jOOQ; most batches have neither.
      DSLContext tx = batch.stream().allMatch(save -> save.snapshots.isEmpty()
          && save.tracking == null) ? null : DSL.using(connection, dsl.dialect(), dsl.settings());
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
      List<StoredEvent> numbered = numbered(save.events, next);
      next += numbered.size();
      stored.add(numbered);
      all.addAll(numbered);
    }
    try {
      insertNumbered(connection, all);
      for (Save save : batch) {
        insertSnapshotsAndTracking(tx, save.snapshots, save.tracking);
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
        List<StoredEvent> numbered = numbered(save.events, next);
        insertNumbered(connection, numbered);
        insertSnapshotsAndTracking(tx, save.snapshots, save.tracking);
        next += numbered.size();
        stored.add(numbered);
        continue;
      } catch (SQLException e) {
        failed = failure(new DataAccessException("SQL [" + plain.insertEvent + "]; "
            + e.getMessage(), e), save.events.size());
      } catch (AlreadyTracked e) {
        failed = e;
      } catch (DataAccessException e) {
        failed = failure(e, save.events.size());
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

  private void insertTracking(DSLContext tx, Tracking tracking) {
    try {
      tx.insertInto(tables.tracking, APPLICATION_NAME, UPSTREAM_NAME, NOTIFICATION_ID)
          .values(tracking.application(), tracking.upstream(), tracking.notificationId())
          .execute();
    } catch (DataAccessException e) {
      if (isIntegrityViolation(e)) {
        throw new AlreadyTracked(tracking, e);
      }
      throw e;
    }
  }

  @Override
  public long maxTracked(String application, String upstream) {
    try {
      Long max = dsl.select(DSL.max(NOTIFICATION_ID)).from(tables.tracking)
          .where(APPLICATION_NAME.eq(application)).and(UPSTREAM_NAME.eq(upstream))
          .fetchOne().value1();
      return max == null ? 0 : max;
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the position of " + application + " in "
          + upstream, e);
    }
  }

  /**
   * Whether a statement broke a key (SQLState class 23): jOOQ says so for its own statements;
   * for JDBC's, the SQLException says.
   */
  private static boolean isIntegrityViolation(DataAccessException e) {
    if (e instanceof IntegrityConstraintViolationException) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return isIntegrityViolation(sql);
      }
    }
    return false;
  }

  private static boolean isIntegrityViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }

  private List<StoredEvent> inTransaction(Connection connection, List<StoredEvent> events,
      List<StoredSnapshot> snapshots, Tracking tracking) throws SQLException {
    return transaction(connection, () -> {
      boolean plainEvents = events.size() <= ROWS_PER_STATEMENT
          || dialect.ordering == Dialect.Ordering.LOCKED_COMMITS;
      DSLContext tx = plainEvents && snapshots.isEmpty() && tracking == null
          ? null // the common save needs no jOOQ context: see insertReserving, insertLocked
          : DSL.using(connection, dsl.dialect(), dsl.settings());
      List<StoredEvent> stored = events.isEmpty() ? List.of()
          : dialect.ordering == Dialect.Ordering.TRANSACTION_IDS
              ? insertReserving(connection, tx, events)
          : insertLocked(connection, events);
      insertSnapshotsAndTracking(tx, snapshots, tracking);
      return stored;
    });
  }

  /** Work of one transaction on a connection of the pool, which runs in auto-commit. */
  private interface TransactionWork<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction and commits it; on any failure rolls it back and rethrows.
   * The connection is back in auto-commit afterwards.
   */
  private static <T> T transaction(Connection connection, TransactionWork<T> work)
      throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run();
      commit(connection);
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        // A broken connection: the pool evicts it.
      }
    }
  }

  /** {@code tx} may be null when there are neither snapshots nor tracking. */
  private void insertSnapshotsAndTracking(DSLContext tx, List<StoredSnapshot> snapshots,
      Tracking tracking) {
    for (int from = 0; from < snapshots.size(); from += ROWS_PER_STATEMENT) {
      insertSnapshots(tx, snapshots.subList(from,
          Math.min(snapshots.size(), from + ROWS_PER_STATEMENT)));
    }
    if (tracking != null) {
      // Last: PostgreSQL's id reservation must be the transaction's first write.
      insertTracking(tx, tracking);
    }
  }

  private static void commit(Connection connection) throws SQLException {
    try {
      connection.commit();
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state == null || state.startsWith("08") || state.startsWith("57P")
          || e instanceof java.sql.SQLNonTransientConnectionException
          || e instanceof java.sql.SQLTransientConnectionException
          || e instanceof java.sql.SQLRecoverableException) {
        throw new CommitFailed(e); // the answer was lost with the connection
      }
      throw e; // the server refused the commit: it rolled back
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The connection is gone, and the server rolls back what it had.
      failure.addSuppressed(e);
    }
  }

  /** H2 and MariaDB: ids after the largest stored, taken and committed while holding the lock. */
  private List<StoredEvent> insertLocked(Connection connection, List<StoredEvent> events)
      throws SQLException {
    List<StoredEvent> stored = numbered(events, lockAndNextId(connection));
    insertNumbered(connection, stored);
    return stored;
  }

  /**
   * Takes the writers' lock once, in a transaction rolled back at once, so that a user who may
   * read the lock table but not update it (a schema made by hand) fails at start, not at the
   * first save.
   */
  private void checkLock() {
    try {
      dsl.connection(connection -> {
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(plain.lock)) {
          lock.executeUpdate();
        } finally {
          connection.rollback();
          connection.setAutoCommit(true);
        }
      });
    } catch (DataAccessException e) {
      // Denied, most likely; or a transaction that stays open holds the row (the cause says).
      throw new PersistenceError("cannot take the writers' lock on " + tables.lock + " at "
          + database.describe() + " (saves take it with an UPDATE of its row: the user needs"
          + " UPDATE on that table, and no transaction may keep the row locked; see"
          + " docs/DATABASES.md)", e);
    }
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

  private void insertNumbered(Connection connection, List<StoredEvent> stored)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(plain.insertEvent)) {
      for (StoredEvent event : stored) {
        insert.setLong(1, event.notificationId());
        plain.setUuid(insert, 2, event.originatorId());
        insert.setLong(3, event.originatorVersion());
        insert.setString(4, event.topic());
        insert.setLong(5, event.timestampMicros());
        insert.setBytes(6, event.state());
        insert.setBytes(7, event.previousHash());
        insert.setBytes(8, event.hash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }


  /**
   * PostgreSQL: the first INSERT reserves the ids of all the events (and so the transaction's id)
   * in a CTE, and numbers its rows from the first reserved id; later chunks continue the block.
   *
   * <p>This is the path every save takes, and the one whose throughput matters: jOOQ renders the
   * statement once per number of rows, and JDBC runs it, which halves the client's CPU per save.
   * {@code tx} is needed (and given) only for more than {@link #ROWS_PER_STATEMENT} events.
   */
  private List<StoredEvent> insertReserving(Connection connection, DSLContext tx,
      List<StoredEvent> events) throws SQLException {
    int firstChunk = Math.min(events.size(), ROWS_PER_STATEMENT);
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
    List<StoredEvent> stored = numbered(events, firstId);
    for (int from = firstChunk; from < stored.size(); from += ROWS_PER_STATEMENT) {
      List<StoredEvent> chunk = stored.subList(from,
          Math.min(stored.size(), from + ROWS_PER_STATEMENT));
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

  private static List<StoredEvent> numbered(List<StoredEvent> events, long first) {
    List<StoredEvent> stored = new ArrayList<>(events.size());
    long next = first;
    for (StoredEvent event : events) {
      stored.add(event.withNotificationId(next++));
    }
    return stored;
  }

  private void insertSnapshots(DSLContext tx, List<StoredSnapshot> snapshots) {
    var insert = tx.insertInto(tables.snapshots, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC,
        TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH);
    for (StoredSnapshot s : snapshots) {
      insert = insert.values(s.originatorId(), s.originatorVersion(), s.topic(),
          s.timestampMicros(), s.fingerprint(), s.state(), s.head(), s.hash());
    }
    insert.execute();
  }

  // ---- select ---------------------------------------------------------------------------------

  @Override
  public List<StoredEvent> events(UUID originatorId, long fromVersion, long toVersion,
      boolean descending, int limit) {
    try {
      return dsl.connectionResult(connection -> events(connection, originatorId, fromVersion,
          toVersion, descending, limit));
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the events of " + originatorId + " at "
          + database.describe(), e);
    }
  }

  private List<StoredEvent> events(Connection connection, UUID originatorId, long fromVersion,
      long toVersion, boolean descending, int limit) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        descending ? plain.eventsDescending : plain.eventsAscending)) {
      plain.setUuid(select, 1, originatorId);
      select.setLong(2, fromVersion);
      select.setLong(3, toVersion);
      select.setInt(4, limit);
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(plain.event(rows));
        }
      }
      return events;
    }
  }

  /**
   * One statement when the aggregate has no snapshot, as most have: its events after the newest
   * snapshot, which start at version 1 only if there is none. Otherwise the snapshot is a second
   * statement: a union of snapshot and events measured slower than this select on all three
   * databases, and on H2 and MariaDB slower than the two statements (docs/BENCHMARKS.md).
   */
  @Override
  public Replay replay(UUID originatorId, long toVersion) {
    try {
      return dsl.connectionResult(connection -> {
        List<StoredEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(plain.eventsAfterSnapshot)) {
          plain.setUuid(select, 1, originatorId);
          plain.setUuid(select, 2, originatorId);
          select.setLong(3, toVersion);
          select.setLong(4, toVersion);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              events.add(plain.eventOf(originatorId, rows));
            }
          }
        }
        if (!events.isEmpty() && events.get(0).originatorVersion() == 1) {
          return new Replay(null, events);
        }
        long below = events.isEmpty() ? toVersion : events.get(0).originatorVersion() - 1;
        StoredSnapshot snapshot = latestSnapshot(connection, originatorId, below);
        if (!events.isEmpty() && (snapshot == null || snapshot.originatorVersion() != below)) {
          // The events followed a snapshot that is gone, or versions are missing: read them
          // again after the snapshot there is, so that the caller sees what is stored.
          events = events(connection, originatorId,
              snapshot == null ? 1 : snapshot.originatorVersion() + 1, toVersion, false,
              Integer.MAX_VALUE);
        }
        return new Replay(snapshot, events);
      });
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the snapshot and events of " + originatorId
          + " at " + database.describe(), e);
    }
  }

  private StoredSnapshot latestSnapshot(Connection connection, UUID originatorId,
      long atOrBelowVersion) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(plain.latestSnapshot)) {
      plain.setUuid(select, 1, originatorId);
      select.setLong(2, atOrBelowVersion);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? plain.snapshot(rows) : null;
      }
    }
  }

  @Override
  public List<StoredSnapshot> snapshots(UUID originatorId) {
    try {
      return dsl.select(ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE,
              HEAD, HASH)
          .from(tables.snapshots)
          .where(ORIGINATOR_ID.eq(originatorId))
          .orderBy(ORIGINATOR_VERSION.asc())
          .fetch(SNAPSHOT);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the snapshots of " + originatorId + " at "
          + database.describe(), e);
    }
  }

  @Override
  public List<StoredEvent> notifications(long fromId, int limit, Set<String> topics) {
    if (topics.isEmpty()) {
      return allNotifications(fromId, limit);
    }
    Condition condition = NOTIFICATION_ID.ge(fromId).and(visible);
    if (!topics.isEmpty()) {
      condition = condition.and(TOPIC.in(topics));
    }
    try {
      return dsl.select(NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP,
              STATE, PREVIOUS_HASH, HASH)
          .from(tables.events)
          .where(condition)
          .orderBy(NOTIFICATION_ID.asc())
          .limit(limit)
          .fetch(EVENT);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read notifications from " + fromId + " at "
          + database.describe(), e);
    }
  }

  /** The common case, every topic, as a statement rendered once. */
  private List<StoredEvent> allNotifications(long fromId, int limit) {
    try {
      return dsl.connectionResult(connection -> {
        try (PreparedStatement select = connection.prepareStatement(plain.notifications)) {
          select.setLong(1, fromId);
          select.setInt(2, limit);
          List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1000));
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              events.add(plain.event(rows));
            }
          }
          return events;
        }
      });
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read notifications from " + fromId + " at "
          + database.describe(), e);
    }
  }

  @Override
  public long maxNotificationId() {
    try {
      Long max = dsl.select(DSL.max(NOTIFICATION_ID)).from(tables.events).where(visible)
          .fetchOne().value1();
      return max == null ? 0 : max;
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the last notification id at "
          + database.describe(), e);
    }
  }

  @Override
  public List<UUID> originatorIds(UUID after, int limit) {
    Condition condition = after == null ? DSL.noCondition() : ORIGINATOR_ID.gt(after);
    try {
      return dsl.selectDistinct(ORIGINATOR_ID)
          .from(tables.events)
          .where(condition)
          .orderBy(ORIGINATOR_ID.asc())
          .limit(limit)
          .fetch(ORIGINATOR_ID);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not list the stored aggregates at "
          + database.describe(), e);
    }
  }

  @Override
  public void close() {
    database.close();
  }

  /** The connection broke while committing: whether the server committed is unknown. */
  private static final class CommitFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SQLException cause;

    CommitFailed(SQLException cause) {
      super(cause);
      this.cause = cause;
    }
  }
}
