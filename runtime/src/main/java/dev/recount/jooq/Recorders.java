package dev.recount.jooq;

import dev.recount.ConfigurationError;
import dev.recount.internal.Recorder;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens the recorder for a JDBC URL. Used by {@code Application}; not API. */
public final class Recorders {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.jooq");
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");

  private Recorders() {}

  /**
   * Connects to the database at {@code url} ({@code null}: a private in-memory H2 database),
   * creates the tables if asked, and checks that they have what Recount needs.
   *
   * @param url a JDBC URL: {@code jdbc:h2:...}, {@code jdbc:postgresql://host:port/db} or
   *     {@code jdbc:mariadb://host:port/db}; the dialect follows from it
   * @param tablePrefix the start of every table name (and, in PostgreSQL, of the sequence and
   *     function), so that several applications can share a database
   * @param poolSize the most connections the pool opens
   * @throws ConfigurationError if the URL or prefix is malformed or names an unsupported database
   * @throws dev.recount.PersistenceError if the database cannot be reached, is too old, or lacks
   *     the tables (when {@code createTables} is false)
   */
  public static Recorder open(
      String url,
      String user,
      String password,
      String tablePrefix,
      boolean createTables,
      int poolSize) {
    return open(url, user, password, tablePrefix, createTables, poolSize, false);
  }

  /**
   * As {@link #open(String, String, String, String, boolean, int)}; with {@code readOnly}, for a
   * user who may only read ({@code READ_ONLY=true}): creates nothing, checks only the columns reads
   * use (of the events and snapshots), not the writers' lock or PostgreSQL's reservation, and
   * refuses every save.
   */
  public static Recorder open(
      String url,
      String user,
      String password,
      String tablePrefix,
      boolean createTables,
      int poolSize,
      boolean readOnly) {
    checkPrefix(tablePrefix);
    boolean privateMemory = url == null || url.isBlank();
    String jdbcUrl = privateMemory
        ? "jdbc:h2:mem:recount-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"
        : url.trim();
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new ConfigurationError(
          "DB_URI",
          "'" + jdbcUrl + "' is not a JDBC URL; expected"
              + " jdbc:h2:..., jdbc:postgresql://host:port/db or jdbc:mariadb://host:port/db,"
              + " or leave it unset for an in-memory H2 database");
    }
    Dialect dialect = Dialect.ofUrl(jdbcUrl);
    if (dialect == null) {
      throw new ConfigurationError(
          "DB_URI",
          "'" + jdbcUrl + "' names a database Recount does"
              + " not support; use jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:");
    }
    return open(
        Database.open(dialect, jdbcUrl, user, password, poolSize, privateMemory, readOnly),
        tablePrefix,
        createTables,
        readOnly);
  }

  /**
   * As {@link #open(String, String, String, String, boolean, int, boolean)}, over the application's
   * own data source: its pool and credentials; the dialect follows from the URL its driver reports.
   * Closing the recorder leaves the data source open.
   *
   * @throws ConfigurationError if the prefix is malformed or the data source is of a database
   *     Recount does not support
   * @throws dev.recount.PersistenceError if no connection can be had, the server is too old, or the
   *     tables are missing (when {@code createTables} is false)
   */
  public static Recorder open(
      DataSource dataSource, String tablePrefix, boolean createTables, boolean readOnly) {
    checkPrefix(tablePrefix);
    return open(Database.over(dataSource, readOnly), tablePrefix, createTables, readOnly);
  }

  /**
   * The table of leases {@code <tablePrefix>leases} in the database of {@code dataSource}, created
   * if it is missing. Nothing to close: the data source stays the caller's.
   *
   * @throws ConfigurationError if the prefix is malformed or the database is not supported
   * @throws dev.recount.PersistenceError if the table is missing and cannot be created
   */
  public static dev.recount.internal.LeaseTable leases(DataSource dataSource, String tablePrefix) {
    checkPrefix(tablePrefix);
    return new LeaseRows(Database.over(dataSource, false), tablePrefix).create();
  }

  private static void checkPrefix(String tablePrefix) {
    if (!PREFIX.matcher(tablePrefix).matches()) {
      throw new ConfigurationError(
          "TABLE_PREFIX",
          "'" + tablePrefix + "' is not a table"
              + " prefix: use lower-case letters, digits and '_', starting with a letter");
    }
  }

  private static Recorder open(
      Database database, String tablePrefix, boolean createTables, boolean readOnly) {
    LOG.info(
        "opened {} ({}) with {}{}",
        database.describeForLog(),
        database.dialect().name(),
        database.poolForLog(),
        readOnly ? ", read-only" : "");
    try {
      JooqRecorder recorder = new JooqRecorder(database, tablePrefix, readOnly);
      if (readOnly) {
        recorder.checkReadable();
      } else {
        if (createTables) {
          recorder.createTables();
        }
        recorder.checkTables();
      }
      LOG.info(
          "checked the tables {}* at {}{}",
          tablePrefix,
          database.describeForLog(),
          readOnly ? " (what reads need)" : "");
      return recorder;
    } catch (RuntimeException e) {
      database.close();
      throw e;
    }
  }
}
