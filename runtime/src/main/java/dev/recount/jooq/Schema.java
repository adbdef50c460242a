package dev.recount.jooq;

import static dev.recount.jooq.Tables.APPLICATION_NAME;
import static dev.recount.jooq.Tables.EVENT_COLUMNS;
import static dev.recount.jooq.Tables.FINGERPRINT;
import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.HEAD;
import static dev.recount.jooq.Tables.LOCK_ID;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;
import static dev.recount.jooq.Tables.UPSTREAM_NAME;

import dev.recount.PersistenceError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tables of one application's store: created if missing at start, and checked, so that a schema
 * made by hand that lacks something fails at start with a clear message rather than at the first
 * save.
 */
final class Schema {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.jooq");
  private final Database database;
  private final Dialect dialect;
  private final DSLContext dsl;
  private final Tables tables;
  private final PlainStatements plain;
  private final IdAssignment ids;

  Schema(Database database, Tables tables, PlainStatements plain, IdAssignment ids) {
    this.database = database;
    this.dialect = database.dialect();
    this.dsl = database.writes(); // DDL, and the lock check's update
    this.tables = tables;
    this.plain = plain;
    this.ids = ids;
  }

  /**
   * Creates what is missing, and only that: a user without the right to create anything starts on a
   * complete schema (CREATE TABLE IF NOT EXISTS would still need PostgreSQL's CREATE on the schema,
   * and CREATE OR REPLACE FUNCTION its ownership). Several processes may start at once: PostgreSQL
   * creates in one transaction under an advisory lock, MariaDB under a named lock, and both look
   * again under the lock; H2 runs its statements again if it lost a race.
   *
   * @throws PersistenceError naming what is missing and the privilege it takes to create it
   */
  void create() {
    List<Dialect.Ddl> missing;
    try {
      missing = dsl.connectionResult(this::missing);
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not look for the tables " + tables.prefix + "* at " + database.describe(), e);
    }
    if (missing.isEmpty()) {
      addMetadataColumn();
      return;
    }
    try {
      dsl.connection(connection -> {
        switch (dialect) {
          case POSTGRES:
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
              statement.execute("SELECT pg_advisory_xact_lock(" + Dialect.ADVISORY_CLASS_DDL + ", "
                  + tables.prefix.hashCode() + ")");
              for (Dialect.Ddl ddl : missing(connection)) {
                statement.execute(ddl.sql());
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
                for (Dialect.Ddl ddl : missing(connection)) {
                  statement.execute(startAfterStoredIds(connection, ddl));
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
                for (Dialect.Ddl ddl : missing) {
                  statement.execute(ddl.sql());
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
      throw new PersistenceError(
          "could not create the missing " + names(missing) + " at "
              + database.describe() + ": the user needs " + dialect.createPrivilege()
              + ", or a DBA creates them with the DDL in docs/DATABASES.md (Dialect."
              + dialect.name() + ".script(\"" + tables.prefix + "\")); an application that only"
              + " reads opens with READ_ONLY=true",
          e);
    }
    LOG.info("created the missing {} at {}", names(missing), database.describeForLog());
    addMetadataColumn();
  }

  /**
   * Adds the {@code metadata} column to an events table made before events had metadata: its rows
   * keep none (null), which reads and hashes as before.
   */
  private void addMetadataColumn() {
    String ddl = dialect.addMetadataColumn(tables.prefix);
    try {
      boolean added = dsl.connectionResult(connection -> {
        if (hasMetadataColumn(connection)) {
          return false;
        }
        try (Statement statement = connection.createStatement()) {
          statement.execute(ddl);
        }
        return true;
      });
      if (added) {
        LOG.info(
            "added the column \"metadata\" to {}events at {}",
            tables.prefix,
            database.describeForLog());
      }
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not add the column \"metadata\" to the table " + tables.events + " at "
              + database.describe() + " (" + ddl + "): the user needs ALTER on the table, or a DBA"
              + " runs that statement",
          e);
    }
  }

  /**
   * Whether the events table has the {@code metadata} column. A query that fails says no; it runs
   * outside any transaction (the pool's connections auto-commit), so a failure aborts nothing.
   */
  private boolean hasMetadataColumn(Connection connection) {
    try (Statement statement = connection.createStatement()) {
      statement
          .executeQuery("SELECT " + dialect.quote("metadata") + " FROM "
              + dialect.quote(tables.prefix + "events") + " WHERE 1 = 0")
          .close();
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  /**
   * The error for tables whose columns cannot be read: if the events table has every column but
   * {@code metadata} (made before events had metadata), one that names it and the statement that
   * adds it; else {@code null}.
   */
  private PersistenceError missingMetadataColumn(String readOnlyAdvice) {
    List<org.jooq.Field<?>> before = new ArrayList<>(EVENT_COLUMNS);
    before.remove(Tables.METADATA);
    try {
      dsl.select(before).from(tables.events).where(DSL.falseCondition()).fetch();
    } catch (DataAccessException e) {
      return null;
    }
    boolean has;
    try {
      has = dsl.connectionResult(this::hasMetadataColumn);
    } catch (DataAccessException e) {
      return null;
    }
    if (has) {
      return null;
    }
    return new PersistenceError("the table " + tables.events + " at " + database.describe()
        + " has no column \"metadata\" (events carry metadata since this version): run "
        + dialect.addMetadataColumn(tables.prefix) + ", or start once with CREATE_TABLES=true"
        + readOnlyAdvice);
  }

  /**
   * The argument types of a function's DDL, as {@code to_regprocedure} takes them: {@code (n
   * INTEGER)} gives {@code integer}, {@code (keys BIGINT[], exclusive BOOLEAN[])} gives
   * {@code bigint[],boolean[]}.
   */
  static String argumentTypes(String functionDdl) {
    String arguments =
        functionDdl.substring(functionDdl.indexOf('(') + 1, functionDdl.indexOf(')'));
    List<String> types = new ArrayList<>();
    for (String argument : arguments.split(",")) {
      String[] words = argument.trim().split("\\s+");
      types.add(words[words.length - 1].toLowerCase(java.util.Locale.ROOT));
    }
    return String.join(",", types);
  }

  private static String names(List<Dialect.Ddl> objects) {
    return objects.stream().map(Dialect.Ddl::toString).collect(Collectors.joining(", "));
  }

  /**
   * The objects of the DDL that are not there, as this user sees them; PostgreSQL's function also
   * if its body is not the one this version runs.
   */
  private List<Dialect.Ddl> missing(Connection connection) throws SQLException {
    List<Dialect.Ddl> missing = new ArrayList<>();
    Set<String> missingTables = new HashSet<>();
    for (Dialect.Ddl ddl : dialect.objects(tables.prefix)) {
      boolean exists;
      switch (ddl.kind()) {
        case FUNCTION:
          String body =
              ddl.sql().substring(ddl.sql().indexOf("$$") + 2, ddl.sql().lastIndexOf("$$"));
          exists = body.equals(queryString(
              connection,
              "SELECT prosrc FROM pg_catalog.pg_proc" + " WHERE oid = to_regprocedure(?)",
              "\"" + ddl.name() + "\"(" + argumentTypes(ddl.sql()) + ")"));
          break;
        case ROW:
          exists = !missingTables.contains(ddl.name()) && lockRowExists(connection, ddl.name());
          break;
        default:
          exists = exists(connection, ddl);
          if (!exists) {
            missingTables.add(ddl.name());
          }
      }
      if (!exists) {
        missing.add(ddl);
      }
    }
    return missing;
  }

  /**
   * MariaDB's sequence of notification ids, made for tables that already hold events (made before
   * the sequence was): it starts after the largest id stored, which is read under the DDL's named
   * lock. Writers of an older version, which take ids after the largest stored, must be stopped
   * first (docs/DATABASES.md).
   */
  private String startAfterStoredIds(Connection connection, Dialect.Ddl ddl) throws SQLException {
    if (ddl.kind() != Dialect.Kind.SEQUENCE || dialect != Dialect.MARIADB) {
      return ddl.sql();
    }
    String largest;
    try {
      largest = queryString(
          connection,
          "SELECT MAX(" + dialect.quote("notification_id") + ") FROM "
              + dialect.quote(tables.prefix + "events"),
          null);
    } catch (SQLException e) {
      return ddl.sql(); // no events table yet: it is made before the sequence, in this run
    }
    return largest == null
        ? ddl.sql()
        : ddl.sql().replace("START WITH 1 ", "START WITH " + (Long.parseLong(largest) + 1) + " ");
  }

  /**
   * Whether the lock table has its row; false too if the user may not read it (H2 lists the table
   * all the same), so that the error names the row, not a failure to look.
   */
  private boolean lockRowExists(Connection connection, String table) {
    // MariaDB's writers table has its rows (the slots, the appends' row) inserted at once: the last
    // stands for all.
    String row = dialect == Dialect.MARIADB
        ? dialect.quote("slot") + " = " + SlottedIds.APPENDS_ROW
        : dialect.quote("id") + " = 1";
    try {
      return queryString(
              connection, "SELECT 'found' FROM " + dialect.quote(table) + " WHERE " + row, null)
          != null;
    } catch (SQLException e) {
      return false;
    }
  }

  /** Whether a table, index or sequence is there, in the schema the connection uses. */
  private boolean exists(Connection connection, Dialect.Ddl ddl) throws SQLException {
    switch (dialect) {
      case POSTGRES:
        return queryString(connection, "SELECT to_regclass(?)::text", "\"" + ddl.name() + "\"")
            != null;
      case MARIADB:
        // Lists only the tables the user has some privilege on: one without is missing to it.
        return queryString(
                connection,
                "SELECT table_name FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE() AND table_name = ?",
                ddl.name())
            != null;
      default:
        return queryString(
                connection,
                ddl.kind() == Dialect.Kind.INDEX
                    ? "SELECT INDEX_NAME FROM INFORMATION_SCHEMA.INDEXES"
                        + " WHERE INDEX_SCHEMA = CURRENT_SCHEMA AND INDEX_NAME = ?"
                    : "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES"
                        + " WHERE TABLE_SCHEMA = CURRENT_SCHEMA AND TABLE_NAME = ?",
                ddl.name())
            != null;
    }
  }

  /** The first column of the first row, or null if there is none; {@code value} may be null. */
  private static String queryString(Connection connection, String sql, String value)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(sql)) {
      if (value != null) {
        query.setString(1, value);
      }
      try (ResultSet row = query.executeQuery()) {
        return row.next() ? row.getString(1) : null;
      }
    }
  }

  /**
   * Checks that the tables exist with the columns this recorder uses, and what the assignment of
   * notification ids needs, so that a schema made by hand fails at start with a clear message, not
   * at the first save.
   */
  void check() {
    try {
      dsl.select(EVENT_COLUMNS).from(tables.events).where(DSL.falseCondition()).fetch();
      dsl.select(
              ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH)
          .from(tables.snapshots)
          .where(DSL.falseCondition())
          .fetch();
      dsl.select(APPLICATION_NAME, UPSTREAM_NAME, NOTIFICATION_ID)
          .from(tables.tracking)
          .where(DSL.falseCondition())
          .fetch();
    } catch (DataAccessException e) {
      PersistenceError column = missingMetadataColumn("");
      if (column != null) {
        throw column;
      }
      throw new PersistenceError(
          "the tables " + tables.events + ", " + tables.snapshots + " and "
              + tables.tracking
              + " at " + database.describe() + " are missing, lack columns, or may not be read by"
              + " the user" + advice(),
          e);
    }
    ids.check(this);
  }

  /**
   * For a recorder that only reads (READ_ONLY): the columns its reads use, of the events and
   * snapshots, and on PostgreSQL the function that bounds what a reader sees. Nothing of the
   * writers' (the tracking and lock tables, the reservation), so SELECT on the events and snapshots
   * (and, on PostgreSQL, EXECUTE on that function, which every user has unless revoked) is all it
   * needs.
   */
  void checkReadable() {
    try {
      dsl.select(EVENT_COLUMNS).from(tables.events).where(DSL.falseCondition()).fetch();
      if (dialect == Dialect.POSTGRES) {
        dsl.select(DSL.function(tables.visibleBelow, SQLDataType.BIGINT)).fetch();
      }
      dsl.select(
              ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH)
          .from(tables.snapshots)
          .where(DSL.falseCondition())
          .fetch();
    } catch (DataAccessException e) {
      PersistenceError column = missingMetadataColumn(" (with a user that may alter the table)");
      if (column != null) {
        throw column;
      }
      throw new PersistenceError(
          "the tables " + tables.events + " and " + tables.snapshots
              + " at " + database.describe() + " are missing, lack columns, or may not be read by"
              + " the user (READ_ONLY needs SELECT on both; see docs/DATABASES.md)",
          e);
    }
  }

  /** H2 and MariaDB: the lock table, its row, and the user's right to lock it. */
  void checkLockTable() {
    boolean locked;
    try {
      locked = dsl.fetchExists(dsl.selectOne().from(tables.lock).where(LOCK_ID.eq(1)));
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "the table " + tables.lock + " at " + database.describe() + " is missing" + advice(), e);
    }
    if (!locked) {
      throw new PersistenceError(
          "the table " + tables.lock + " at " + database.describe() + " is not ready",
          new IllegalStateException("it has no row with id 1" + advice()));
    }
    checkLock();
  }

  /**
   * PostgreSQL: the function that reserves ids (in the version that marks them in flight), the one
   * that bounds readers, and the sequence.
   */
  void checkReservation() {
    for (Name function : List.of(tables.reserveIds, tables.visibleBelow)) {
      String source;
      try {
        source = dsl.select(DSL.field(DSL.name("prosrc"), SQLDataType.VARCHAR))
            .from(DSL.table(DSL.name("pg_catalog", "pg_proc")))
            .where(DSL.field(DSL.name("oid"))
                .eq(DSL.function(
                    "to_regproc", SQLDataType.OTHER, DSL.val("\"" + function.last() + "\""))))
            .fetchOne(0, String.class);
      } catch (DataAccessException e) {
        throw new PersistenceError(
            "could not check the function " + function + " at " + database.describe(), e);
      }
      if (source == null) {
        throw new PersistenceError(
            "the function " + function + " at " + database.describe() + " is missing",
            new IllegalStateException("it numbers notifications" + advice()));
      }
      if (!source.contains("pg_advisory_xact_lock_shared") && function == tables.reserveIds) {
        throw new PersistenceError(
            "the function " + function + " at " + database.describe() + " is from an older"
                + " Recount",
            new IllegalStateException("it does not mark its ids in flight; replace it with"
                + " the DDL in docs/DATABASES.md (CREATE OR REPLACE FUNCTION)"));
      }
      if (source.contains("next - 1 - objid") && function == tables.visibleBelow) {
        throw new PersistenceError(
            "the function " + function + " at " + database.describe() + " is from an older"
                + " Recount",
            new IllegalStateException("it can answer a negative bound while a block is being"
                + " reserved, so readers could pass over ids; replace it with the DDL in"
                + " docs/DATABASES.md (CREATE OR REPLACE FUNCTION)"));
      }
    }
    // Ids must come out of the sequence in the order of the calls: no per-session cache.
    Record2<Long, Long> sequence;
    try {
      sequence = dsl.select(
              DSL.field(DSL.name("seqcache"), SQLDataType.BIGINT),
              DSL.field(DSL.name("seqincrement"), SQLDataType.BIGINT))
          .from(DSL.table(DSL.name("pg_catalog", "pg_sequence")))
          .where(DSL.field(DSL.name("seqrelid"))
              .eq(DSL.function(
                  "to_regclass",
                  SQLDataType.OTHER,
                  DSL.val("\"" + tables.prefix + "notification_ids\""))))
          .fetchOne();
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not check the sequence " + tables.prefix + "notification_ids at "
              + database.describe(),
          e);
    }
    if (sequence == null || sequence.value1() != 1 || sequence.value2() != 1) {
      throw new PersistenceError(
          "the sequence \"" + tables.prefix + "notification_ids\" at " + database.describe()
              + " cannot number notifications",
          new IllegalStateException(
              sequence == null
                  ? "it is missing" + advice()
                  : "it has CACHE " + sequence.value1() + " and INCREMENT " + sequence.value2()
                      + "; notification ids need CACHE 1 and INCREMENT 1, so that they come"
                      + " out in the order they are asked for"));
    }
  }

  /**
   * MariaDB: whether InnoDB rolls back a whole transaction, not only its statement, when a lock
   * wait times out ({@code innodb_rollback_on_timeout}, off by default; set at the server's start).
   */
  boolean rollsBackWholeTransactionsOnLockTimeouts() {
    Object value = dsl.fetchValue("SELECT @@innodb_rollback_on_timeout");
    return value instanceof Number number ? number.intValue() != 0 : Boolean.TRUE.equals(value);
  }

  /**
   * MariaDB: the writers table with a row per slot, the user's right to lock the connection's, and
   * the sequence: handing out one id at a time (no cache, so in the order asked across sessions),
   * and after every id stored.
   */
  void checkSlots() {
    String writers = dialect.quote(tables.prefix + "writers");
    String sequence = dialect.quote(tables.prefix + "notification_ids");
    try {
      dsl.connection(connection -> {
        String slots = queryString(connection, "SELECT COUNT(*) FROM " + writers, null);
        if (Integer.parseInt(slots) != SlottedIds.APPENDS_ROW + 1) {
          throw new IllegalStateException("the table " + writers + " has " + slots
              + " rows where it needs one per slot and one for conditional appends, "
              + (SlottedIds.APPENDS_ROW + 1) + advice());
        }
        connection.setAutoCommit(false);
        // Without waiting: another process may hold the slot in a long transaction, and a lock
        // not granted at once still shows the right to take it (checked before any lock).
        try (PreparedStatement lock = connection.prepareStatement(
            "SET STATEMENT innodb_lock_wait_timeout = 0 FOR UPDATE " + writers
                + " SET `floor` = `floor` WHERE `slot` = CONNECTION_ID() % " + SlottedIds.SLOTS)) {
          lock.executeUpdate();
        } catch (SQLException e) {
          if (e.getErrorCode() != SlottedIds.LOCK_WAIT_TIMEOUT) {
            throw e;
          }
        } finally {
          connection.rollback();
          connection.setAutoCommit(true);
        }
      });
    } catch (DataAccessException | IllegalStateException e) {
      throw new PersistenceError(
          "cannot take a writer's slot in " + writers + " at " + database.describe()
              + " (saves lock their slot's row with an UPDATE: the user needs SELECT and UPDATE"
              + " on that table, which needs its " + (SlottedIds.APPENDS_ROW + 1)
              + " rows; an application"
              + " that only reads opens with READ_ONLY=true; see docs/DATABASES.md)",
          e);
    }
    Record3<Long, Long, Long> row;
    Long largest;
    try {
      // The largest id first: ids stored by writers running meanwhile were handed out before the
      // sequence is read, so a sequence that is not behind reads above them.
      largest =
          dsl.select(DSL.max(NOTIFICATION_ID)).from(tables.events).fetchOne().value1();
      row = dsl.resultQuery(
              "SELECT `next_not_cached_value`, `cache_size`, `increment` FROM " + sequence)
          .coerce(
              DSL.field("n", SQLDataType.BIGINT),
              DSL.field("c", SQLDataType.BIGINT),
              DSL.field("i", SQLDataType.BIGINT))
          .fetchOne();
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "the sequence " + sequence + " at " + database.describe() + " is missing or may not be"
              + " read by the user (saves need SELECT and INSERT on it)" + advice(),
          e);
    }
    if (row == null || row.value2() != 0 || row.value3() != 1) {
      throw new PersistenceError(
          "the sequence " + sequence + " at " + database.describe() + " cannot number"
              + " notifications",
          new IllegalStateException(
              row == null
                  ? "it has no row"
                  : "it has CACHE " + row.value2() + " and INCREMENT " + row.value3()
                      + "; notification ids need NOCACHE and INCREMENT 1, so that they come out in"
                      + " the order they are asked for"));
    }
    if (largest != null && row.value1() <= largest) {
      throw new PersistenceError(
          "the sequence " + sequence + " at " + database.describe() + " would hand out ids"
              + " already stored",
          new IllegalStateException("its next id is " + row.value1() + ", and the events table"
              + " holds ids up to " + largest + "; a DBA sets it with SETVAL(" + sequence + ", "
              + largest + ")"));
    }
  }

  /**
   * Takes the writers' lock once, in a transaction rolled back at once, so that a user who may read
   * the lock table but not update it (a schema made by hand) fails at start, not at the first save.
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
      throw new PersistenceError(
          "cannot take the writers' lock on " + tables.lock + " at "
              + database.describe() + " (saves take it with an UPDATE of its row: the user needs"
              + " UPDATE on that table, and no transaction may keep the row locked; an application"
              + " that only reads opens with READ_ONLY=true; see docs/DATABASES.md)",
          e);
    }
  }

  /** How to fix a missing or incomplete schema, for the end of an error message. */
  private String advice() {
    return "; create them with the DDL in docs/DATABASES.md (Dialect." + dialect.name()
        + ".script(\"" + tables.prefix + "\")), or start with CREATE_TABLES=true";
  }
}
