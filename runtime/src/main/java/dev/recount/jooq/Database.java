package dev.recount.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.recount.ConfigurationError;
import dev.recount.PersistenceError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.jooq.DSLContext;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/** A pooled connection to one database, and the jOOQ context that renders for its dialect. */
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
  private final HikariDataSource pool;
  private final DSLContext dsl;
  private final boolean shutdownOnClose;

  private Database(
      Dialect dialect, String url, String user, HikariDataSource pool, boolean shutdownOnClose) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.pool = pool;
    this.shutdownOnClose = shutdownOnClose;
    this.dsl = DSL.using(
        pool,
        dialect.sqlDialect,
        new Settings().withExecuteLogging(false).withRenderSchema(false).withRenderCatalog(false));
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
      boolean shutdownOnClose) {
    if (dialect == Dialect.H2) {
      checkH2Directory(url);
    }
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
      return new Database(dialect, url, user, pool, shutdownOnClose);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
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
  private static void checkVersion(
      Dialect dialect, String url, String user, HikariDataSource pool) {
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

  String describe() {
    return describe(url, user);
  }

  private static String describe(String url, String user) {
    return url + (user == null || user.isEmpty() ? "" : " as user '" + user + "'");
  }

  @Override
  public void close() {
    if (shutdownOnClose && !pool.isClosed()) {
      // A private in-memory H2 database would otherwise outlive the application (DB_CLOSE_DELAY).
      try (Connection connection = pool.getConnection();
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException e) {
        // Already gone: nothing to release.
      }
    }
    pool.close();
  }
}
