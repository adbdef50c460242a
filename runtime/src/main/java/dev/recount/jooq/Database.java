package dev.recount.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.recount.ConfigurationError;
import dev.recount.PersistenceError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The connections to one database, and the jOOQ context that renders for its dialect: a pool of
 * Recount's own opened from a URL, or the user's {@link DataSource}, which Recount never closes.
 */
final class Database implements AutoCloseable {
  static {
    // jOOQ prints a banner and tips on first use unless told not to; a library must stay quiet.
    if (System.getProperty("org.jooq.no-logo") == null) {
      System.setProperty("org.jooq.no-logo", "true");
    }
    if (System.getProperty("org.jooq.no-tips") == null) {
      System.setProperty("org.jooq.no-tips", "true");
    }
  }

  private final Dialect dialect;
  private final String url;
  private final String user;
  private final String password;
  private final DataSource dataSource;
  private final HikariDataSource ownPool;
  private final DSLContext dsl;
  private final DSLContext writes;
  private final boolean storesEachWrite;
  private final boolean shutdownOnClose;

  private Database(
      Dialect dialect,
      String url,
      String user,
      String password,
      DataSource dataSource,
      HikariDataSource ownPool,
      boolean shutdownOnClose,
      H2FileWrites fileWrites) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
    this.dataSource = dataSource;
    this.ownPool = ownPool;
    this.shutdownOnClose = shutdownOnClose;
    Settings settings =
        new Settings().withExecuteLogging(false).withRenderSchema(false).withRenderCatalog(false);
    this.dsl = DSL.using(dataSource, dialect.sqlDialect, settings);
    this.writes = fileWrites == null
        ? dsl
        : DSL.using(fileWrites, dialect.sqlDialect, (Settings) settings.clone());
    this.storesEachWrite = fileWrites != null;
  }

  /**
   * Opens a pool and checks that a connection can be made to a server Recount supports.
   *
   * @throws PersistenceError naming the URL and user (never the password) if it cannot, or if the
   *     server is too old
   */
  static Database open(
      Dialect dialect,
      String url,
      String user,
      String password,
      int poolSize,
      boolean shutdownOnClose,
      boolean readOnly) {
    if (dialect == Dialect.H2) {
      checkH2Directory(url);
    }
    checkDriver(dialect, url);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setDriverClassName(dialect.driverClassName);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setMaximumPoolSize(poolSize);
    config.setMinimumIdle(1);
    config.setPoolName("recount");
    config.setConnectionTimeout(10_000);
    config.setValidationTimeout(5_000);
    // Fail at once, with the driver's reason, if the database cannot be reached at start.
    config.setInitializationFailTimeout(1);
    config.setAutoCommit(true);
    if (dialect == Dialect.MARIADB) {
      // InnoDB's default, REPEATABLE READ, would let a writer read the largest notification id
      // from a snapshot older than the lock it waited for; and it takes gap locks on inserts.
      config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    }
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      throw new PersistenceError("cannot connect to " + describe(url, user), e);
    } catch (RuntimeException e) {
      throw new PersistenceError("cannot connect to " + describe(url, user), e);
    }
    try {
      checkVersion(dialect, url, user, pool);
      return new Database(
          dialect,
          url,
          user,
          password,
          pool,
          pool,
          shutdownOnClose,
          readOnly ? null : fileWrites(dialect, url, pool));
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /**
   * Uses the application's own {@link DataSource} (its pool, its credentials), for a database
   * Recount supports; the dialect follows from the URL the driver reports. Closing this database
   * leaves the data source open: it is the user's.
   *
   * @throws dev.recount.ConfigurationError if the data source is of a database Recount does not
   *     support
   * @throws PersistenceError if no connection can be had from it, or the server is too old
   */
  static Database over(DataSource dataSource, boolean readOnly) {
    String url;
    String user;
    String product;
    try (Connection connection = dataSource.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      url = metaData.getURL();
      user = metaData.getUserName();
      product = metaData.getDatabaseProductName();
    } catch (SQLException | RuntimeException e) {
      throw new PersistenceError(
          "cannot get a connection from the DataSource given to Recount (" + dataSource + ")", e);
    }
    Dialect dialect = url == null ? null : Dialect.ofUrl(url);
    if (dialect == null) {
      throw new ConfigurationError(
          "dataSource",
          "the DataSource given to Recount connects to " + product + " at " + url
              + "; Recount supports H2, PostgreSQL and MariaDB (through their own drivers)");
    }
    checkVersion(dialect, url, user, dataSource);
    return new Database(
        dialect,
        url,
        user,
        null,
        dataSource,
        null,
        false,
        readOnly ? null : fileWrites(dialect, url, dataSource));
  }

  /**
   * On an embedded H2 file, what makes it crash-safe ({@link H2FileWrites}); {@code null}
   * elsewhere, for an application that only reads (it changes nothing, not even H2's settings), and
   * where the URL or the user's rights rule it out (logged).
   */
  private static H2FileWrites fileWrites(Dialect dialect, String url, DataSource dataSource) {
    String file = dialect == Dialect.H2 ? H2FileWrites.embeddedFile(url) : null;
    return file == null ? null : H2FileWrites.over(dataSource, url, file);
  }

  /**
   * The optional drivers (PostgreSQL's, MariaDB's) are the user's dependencies. Checked here
   * because the pool's own failure names only a driver class, not the dependency that provides it.
   */
  private static void checkDriver(Dialect dialect, String url) {
    for (Driver driver : ServiceLoader.load(Driver.class, Database.class.getClassLoader())) {
      try {
        if (driver.acceptsURL(url)) {
          return;
        }
      } catch (SQLException e) {
        // A driver that cannot say is not the one.
      }
    }
    Properties tested = new Properties();
    try (InputStream in = Database.class.getResourceAsStream("drivers.properties")) {
      if (in != null) {
        tested.load(in);
      }
    } catch (IOException e) {
      // Only the version in the message is lost.
    }
    String artifact = dialect.driverArtifact();
    String version = tested.getProperty(artifact);
    throw new PersistenceError(
        "cannot connect to " + url + ": no JDBC driver for it is on the class path; add the"
            + " dependency " + artifact
            + (version == null ? "" : " (Recount is tested with version " + version + ")"));
  }

  /**
   * An embedded H2 file database needs a directory it can write to. Checked here because H2, when
   * it cannot write its trace file there, prints its stack traces to standard error (over 50 lines)
   * before it fails; and its own message names only the directory, not the setting.
   */
  static void checkH2Directory(String url) {
    String path = url.substring("jdbc:h2:".length());
    int options = path.indexOf(';');
    if (options >= 0) {
      path = path.substring(0, options);
    }
    if (path.startsWith("file:")) {
      path = path.substring("file:".length());
    } else if (path.startsWith("mem:")
        || path.startsWith("tcp:")
        || path.startsWith("ssl:")
        || path.matches("^[a-zA-Z]{2,}:.*")) {
      return; // in memory, a server's, or a file system of H2's own (zip:, nio:, ...)
    }
    if (path.startsWith("~")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    Path directory = Path.of(path).toAbsolutePath().getParent();
    if (directory == null) {
      return;
    }
    try {
      Files.createDirectories(directory);
    } catch (IOException | RuntimeException e) {
      throw new ConfigurationError(
          "DB_URI",
          "cannot open the H2 database " + path + ": its"
              + " directory " + directory + " does not exist and cannot be created ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null
                  ? ""
                  : ": " + e.getMessage().lines().findFirst().orElse("")) + ")",
          e);
    }
    boolean readOnly = url.toUpperCase(Locale.ROOT).contains("ACCESS_MODE_DATA=R");
    if (!readOnly && !Files.isWritable(directory)) {
      throw new ConfigurationError(
          "DB_URI",
          "cannot open the H2 database " + path + ": its" + " directory " + directory
              + " is not writable by this process");
    }
  }

  /** Fails at start, not at the first save, if the server lacks what the DDL and SQL need. */
  private static void checkVersion(Dialect dialect, String url, String user, DataSource pool) {
    String product;
    String version;
    int major;
    int minor;
    try (Connection connection = pool.getConnection()) {
      DatabaseMetaData metaData = connection.getMetaData();
      product = metaData.getDatabaseProductName();
      version = metaData.getDatabaseProductVersion();
      major = metaData.getDatabaseMajorVersion();
      minor = metaData.getDatabaseMinorVersion();
    } catch (SQLException e) {
      throw new PersistenceError("cannot connect to " + describe(url, user), e);
    }
    if (dialect == Dialect.MARIADB && !(product + " " + version).contains("MariaDB")) {
      throw new PersistenceError(
          "cannot use " + describe(url, user),
          new IllegalStateException("the server is " + product + " " + version
              + ", not MariaDB; Recount supports MariaDB " + dialect.minimumVersion()
              + " or later"));
    }
    if (major < dialect.minimumMajorVersion
        || major == dialect.minimumMajorVersion && minor < dialect.minimumMinorVersion) {
      throw new PersistenceError(
          "cannot use " + describe(url, user),
          new IllegalStateException("the server runs " + product + " " + version
              + "; Recount needs " + dialect.minimumVersion() + " or later"));
    }
  }

  Dialect dialect() {
    return dialect;
  }

  DSLContext dsl() {
    return dsl;
  }

  /**
   * The context to write with: on an embedded H2 file, one whose every connection is lent under the
   * file's lock and followed by a store ({@link H2FileWrites}); elsewhere the same as {@link #dsl}.
   * Every statement or transaction that changes the database goes through it.
   */
  DSLContext writes() {
    return writes;
  }

  /**
   * Whether every writing transaction ends with the database writing its file, in the committing
   * thread: an embedded H2 file with Recount's default ({@link H2FileWrites}), where that write,
   * not the statements, is most of a transaction's cost.
   */
  boolean storesEachWrite() {
    return storesEachWrite;
  }

  String describe() {
    return describe(url, user);
  }

  /** The JDBC URL, as given or as the user's data source reports it. */
  String url() {
    return url;
  }

  /**
   * Whether the connections are Recount's own pool's, opened as Recount needs (MariaDB's at READ
   * COMMITTED), rather than the user's, at whatever level the user configured (InnoDB's default is
   * REPEATABLE READ).
   */
  boolean ownsPool() {
    return ownPool != null;
  }

  /**
   * The isolation level a consistency boundary's check or read needs (docs/DCB.md): READ COMMITTED,
   * whose statements each see what committed before them, also after a lock wait. Recount's own
   * pools have it (MariaDB's set so, H2's and PostgreSQL's by default); a user's pool may not.
   */
  int boundaryIsolation() {
    return ownPool == null ? Connection.TRANSACTION_READ_COMMITTED : Connection.TRANSACTION_NONE;
  }

  /**
   * A connection outside the pool's work, for a listener that holds it for long (PostgreSQL's
   * LISTEN); the caller closes it. From the user's data source if there is one.
   */
  Connection openDedicated() throws SQLException {
    if (ownPool == null) {
      return dataSource.getConnection();
    }
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }
  /**
   * As {@link #describe()}, with the values of URL parameters that may hold a secret (a password, a
   * key) left out: what goes into the log.
   */
  String describeForLog() {
    return describe(SECRET_PARAMETERS.matcher(url).replaceAll("$1=***"), user);
  }

  /** Whose connections these are, for the log. */
  String poolForLog() {
    return ownPool == null
        ? "the application's DataSource (" + dataSource.getClass().getName() + ")"
        : "a connection pool of its own, at most " + ownPool.getMaximumPoolSize() + " connections";
  }

  private static final Pattern SECRET_PARAMETERS =
      Pattern.compile("(?i)([^;?&:/]*(?:password|pwd|secret|key)[^=;&]*)=[^;&]*");

  private static String describe(String url, String user) {
    return url + (user == null || user.isEmpty() ? "" : " as user '" + user + "'");
  }

  @Override
  public void close() {
    if (ownPool == null) {
      return; // the user's data source: theirs to close
    }
    if (shutdownOnClose && !ownPool.isClosed()) {
      // A private in-memory H2 database would otherwise outlive the application (DB_CLOSE_DELAY).
      try (Connection connection = ownPool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException e) {
        // Already gone: nothing to release.
      }
    }
    ownPool.close();
  }
}
