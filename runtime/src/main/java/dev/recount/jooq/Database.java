package dev.recount.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.recount.PersistenceError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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

  private Database(Dialect dialect, String url, String user, HikariDataSource pool,
      boolean shutdownOnClose) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.pool = pool;
    this.shutdownOnClose = shutdownOnClose;
    this.dsl = DSL.using(pool, dialect.sqlDialect, new Settings()
        .withExecuteLogging(false)
        .withRenderSchema(false)
        .withRenderCatalog(false));
  }

  /**
   * Opens a pool and checks that a connection can be made.
   *
   * @throws PersistenceError naming the URL and user (never the password) if it cannot
   */
  static Database open(Dialect dialect, String url, String user, String password, int poolSize,
      boolean shutdownOnClose) {
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
    try {
      return new Database(dialect, url, user, new HikariDataSource(config), shutdownOnClose);
    } catch (HikariPool.PoolInitializationException | IllegalArgumentException e) {
      throw new PersistenceError("cannot connect to " + describe(url, user), e);
    } catch (RuntimeException e) {
      throw new PersistenceError("cannot connect to " + describe(url, user), e);
    }
  }

  Dialect dialect() {
    return dialect;
  }

  DSLContext dsl() {
    return dsl;
  }

  /** A connection from the pool (auto-commit on), for statements run without jOOQ. */
  Connection connection() throws SQLException {
    return pool.getConnection();
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
