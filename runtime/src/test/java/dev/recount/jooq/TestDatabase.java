package dev.recount.jooq;

import static org.junit.jupiter.api.Assertions.fail;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A database server the tests run against: H2 in memory, or the PostgreSQL and MariaDB servers on
 * loopback (URLs overridable by {@code RECOUNT_POSTGRES_URL} and {@code RECOUNT_MARIADB_URL}).
 * A test that cannot reach its server is skipped with a message that says how to start it, or,
 * under {@code CI=true}, fails.
 */
final class TestDatabase {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, String> UNREACHABLE = new HashMap<>();

  final Dialect dialect;
  final String url;
  final String user;
  final String password;

  private TestDatabase(Dialect dialect, String url, String user, String password) {
    this.dialect = dialect;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** A fresh in-memory H2 database, kept until {@link #drop} shuts it down. */
  static TestDatabase h2() {
    return new TestDatabase(Dialect.H2, "jdbc:h2:mem:rt-" + UUID.randomUUID()
        + ";DB_CLOSE_DELAY=-1", null, null);
  }

  /** An H2 database served over TCP by {@code server}, for tests with several JVMs. */
  static TestDatabase h2(org.h2.tools.Server server) {
    return new TestDatabase(Dialect.H2, "jdbc:h2:tcp://127.0.0.1:" + server.getPort()
        + "/mem:rt-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
  }

  static TestDatabase postgres() {
    return new TestDatabase(Dialect.POSTGRES,
        env("RECOUNT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        env("RECOUNT_POSTGRES_USER", "postgres"), env("RECOUNT_POSTGRES_PASSWORD", null));
  }

  static TestDatabase mariadb() {
    return new TestDatabase(Dialect.MARIADB,
        env("RECOUNT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
        env("RECOUNT_MARIADB_USER", "root"), env("RECOUNT_MARIADB_PASSWORD", null));
  }

  /** PostgreSQL: this server, with connections that name themselves {@code name}. */
  TestDatabase withApplicationName(String name) {
    return new TestDatabase(dialect, url + (url.contains("?") ? "&" : "?") + "ApplicationName="
        + name, user, password);
  }

  /** MariaDB: this server, with {@code database} instead of the URL's database. */
  TestDatabase withDatabase(String database) {
    int slash = url.indexOf('/', "jdbc:mariadb://".length());
    int query = url.indexOf('?', slash);
    return new TestDatabase(dialect, url.substring(0, slash + 1) + database
        + (query < 0 ? "" : url.substring(query)), user, password);
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /**
   * Skips the calling test (or, under {@code CI=true}, fails it) if the server cannot be reached.
   * Asked once per server and JVM.
   */
  TestDatabase requireReachable() {
    if (dialect == Dialect.H2) {
      return this;
    }
    String problem;
    synchronized (UNREACHABLE) {
      if (!UNREACHABLE.containsKey(url)) {
        UNREACHABLE.put(url, probe());
      }
      problem = UNREACHABLE.get(url);
    }
    if (problem != null) {
      String variable = dialect == Dialect.POSTGRES ? "RECOUNT_POSTGRES_URL"
          : "RECOUNT_MARIADB_URL";
      String server = dialect == Dialect.POSTGRES ? "PostgreSQL" : "MariaDB";
      String message = server + " is not reachable at " + url + " as user '" + user
          + "' (" + problem + "). Start it with 'bash .ci/databases', or point " + variable
          + " at a server.";
      if (onCi()) {
        fail("CI=true, so the " + server + " tests must run: " + message);
      }
      Assumptions.abort(message);
    }
    return this;
  }

  private String probe() {
    DriverManager.setLoginTimeout(3);
    try (Connection connection = connect()) {
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /** A table prefix no other test uses. */
  static String newPrefix(String purpose) {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return "rt_" + purpose + "_" + HexFormat.of().formatHex(bytes) + "_";
  }

  /** Drops every table, sequence and function whose name starts with {@code prefix}. */
  void drop(String prefix) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      switch (dialect) {
        case POSTGRES:
          for (String name : names(connection, "SELECT proname FROM pg_proc"
              + " WHERE pronamespace = current_schema()::regnamespace AND proname LIKE ?",
              prefix)) {
            statement.execute("DROP FUNCTION IF EXISTS \"" + name + "\" CASCADE");
          }
          for (String name : names(connection, "SELECT relname FROM pg_class"
              + " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
              + " AND relname LIKE ?", prefix)) {
            statement.execute("DROP TABLE IF EXISTS \"" + name + "\" CASCADE");
          }
          for (String name : names(connection, "SELECT relname FROM pg_class"
              + " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'S'"
              + " AND relname LIKE ?", prefix)) {
            statement.execute("DROP SEQUENCE IF EXISTS \"" + name + "\" CASCADE");
          }
          break;
        case MARIADB:
          for (String name : names(connection, "SELECT table_name FROM information_schema.tables"
              + " WHERE table_schema = DATABASE() AND table_name LIKE ?", prefix)) {
            statement.execute("DROP TABLE IF EXISTS `" + name + "`");
          }
          break;
        default:
          statement.execute(url.startsWith("jdbc:h2:mem:") ? "SHUTDOWN" : "DROP ALL OBJECTS");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop the tables " + prefix + "* at " + url, e);
    }
  }

  private static List<String> names(Connection connection, String sql, String prefix)
      throws SQLException {
    List<String> names = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setString(1, prefix.replace("_", "\\_") + "%");
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /** Runs statements on a connection of its own, outside any recorder. */
  void execute(String... statements) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + String.join("; ", statements), e);
    }
  }

  /** The first column of the first row of a query, as a long; 0 if there is no row. */
  long queryLong(String sql) {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + sql, e);
    }
  }

  /**
   * Waits until a reader of {@code recorder} sees notification {@code id}. In PostgreSQL a row is
   * shown only once every older transaction on the server has ended, and the test servers are
   * shared: another program's long transaction can delay it (never reorder it).
   *
   * @return {@code id}
   */
  static long awaitVisible(dev.recount.internal.Recorder recorder, long id) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (recorder.maxNotificationId() < id) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("notification " + id + " did not become visible within 30 s:"
            + " a transaction older than it is still running on the server");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return id;
  }

  /** The quoted name of a table for this dialect's plain SQL. */
  String table(String name) {
    return dialect == Dialect.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
  }

  @Override
  public String toString() {
    return dialect + " at " + url;
  }
}
