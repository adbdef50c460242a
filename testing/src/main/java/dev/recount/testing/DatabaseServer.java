package dev.recount.testing;

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
 * A database that tests run against: a fresh in-memory H2 database (in this JVM, or served by an
 * {@link H2TcpServer} so that child JVMs reach it too), or the PostgreSQL or MariaDB server on
 * loopback.
 *
 * <p>The servers are where {@code bash .ci/databases} starts them unless the environment says
 * otherwise: {@code RECOUNT_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test}),
 * {@code RECOUNT_POSTGRES_USER} (default {@code postgres}), {@code RECOUNT_POSTGRES_PASSWORD}
 * (default none), and {@code RECOUNT_MARIADB_URL} (default
 * {@code jdbc:mariadb://127.0.0.1:3306/test}), {@code RECOUNT_MARIADB_USER} (default {@code root}),
 * {@code RECOUNT_MARIADB_PASSWORD} (default none). A blank variable counts as unset.
 *
 * <p>A server is shared by every test class, every module's build and whatever else runs on the
 * machine, so a test keeps to tables of its own: it names them with a {@link #newPrefix} and
 * removes them with {@link #drop}. Call {@link #requireReachable} before the first use: without a
 * server the test is skipped, saying how to start one, except under {@code CI=true}, where a
 * skipped database test would hide that it never ran, so it fails.
 *
 * @param kind which database it is
 * @param url the JDBC URL
 * @param user the user to connect as; null for H2
 * @param password the password; null if there is none
 */
public record DatabaseServer(Kind kind, String url, String user, String password) {
  /** The kinds of database the tests run against. */
  public enum Kind {
    H2("H2", null),
    POSTGRES("PostgreSQL", "RECOUNT_POSTGRES_URL"),
    MARIADB("MariaDB", "RECOUNT_MARIADB_URL");

    private final String displayName;
    private final String urlVariable;

    Kind(String displayName, String urlVariable) {
      this.displayName = displayName;
      this.urlVariable = urlVariable;
    }

    /** The name people know the database by, such as {@code PostgreSQL}. */
    public String displayName() {
      return displayName;
    }
  }

  private static final SecureRandom RANDOM = new SecureRandom();
  /** URL to why it could not be reached, or to null if it could. */
  private static final Map<String, String> PROBED = new HashMap<>();

  /** A fresh in-memory H2 database in this JVM, kept until {@link #drop} shuts it down. */
  public static DatabaseServer h2() {
    return new DatabaseServer(
        Kind.H2, "jdbc:h2:mem:test-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
  }

  /** A fresh in-memory H2 database served by {@code server}, for tests with several JVMs. */
  public static DatabaseServer h2(H2TcpServer server) {
    return server.database("mem:test-" + UUID.randomUUID());
  }

  /** The PostgreSQL server of {@code RECOUNT_POSTGRES_URL}, or the one on 127.0.0.1:5432. */
  public static DatabaseServer postgres() {
    return new DatabaseServer(
        Kind.POSTGRES,
        env("RECOUNT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        env("RECOUNT_POSTGRES_USER", "postgres"),
        env("RECOUNT_POSTGRES_PASSWORD", null));
  }

  /** The MariaDB server of {@code RECOUNT_MARIADB_URL}, or the one on 127.0.0.1:3306. */
  public static DatabaseServer mariadb() {
    return new DatabaseServer(
        Kind.MARIADB,
        env("RECOUNT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
        env("RECOUNT_MARIADB_USER", "root"),
        env("RECOUNT_MARIADB_PASSWORD", null));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  /**
   * PostgreSQL: this server, with connections that name themselves {@code name}, so that a test can
   * find (and kill) its own connections in {@code pg_stat_activity}.
   */
  public DatabaseServer withApplicationName(String name) {
    return new DatabaseServer(
        kind, url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + name, user, password);
  }

  /**
   * This server, with {@code database} in place of the URL's database, so that a test can tell its
   * connections from everyone else's (MariaDB's processlist shows the database).
   */
  public DatabaseServer withDatabase(String database) {
    int slash = url.indexOf('/', url.indexOf("//") + 2);
    int query = url.indexOf('?', slash);
    return new DatabaseServer(
        kind,
        url.substring(0, slash + 1) + database + (query < 0 ? "" : url.substring(query)),
        user,
        password);
  }

  /**
   * Skips the calling test if the server cannot be reached, with a message that says how to start
   * it; under {@code CI=true}, fails it instead. H2 is always reachable.
   *
   * <p>A server is tried once per URL and JVM: a suite against a server that is down would
   * otherwise wait out the login timeout in every test.
   *
   * @return this
   */
  public DatabaseServer requireReachable() {
    if (kind == Kind.H2) {
      return this;
    }
    String problem;
    synchronized (PROBED) {
      if (!PROBED.containsKey(url)) {
        PROBED.put(url, probe());
      }
      problem = PROBED.get(url);
    }
    if (problem != null) {
      String message = kind.displayName + " is not reachable at " + url + " as user '" + user
          + "' (" + problem + "). Start it with 'bash .ci/databases', or point "
          + kind.urlVariable + " at a server.";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true, so the " + kind.displayName + " tests must run: " + message);
      }
      Assumptions.abort(message);
    }
    return this;
  }

  private String probe() {
    DriverManager.setLoginTimeout(3);
    try {
      connect().close();
      return null;
    } catch (SQLException e) {
      return e.getMessage();
    }
  }

  /** A new connection, which the caller closes. */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  /**
   * A table prefix that no other test uses: {@code stem}, an underscore, eight random hex digits
   * and an underscore, such as {@code rt_contract_1a2b3c4d_}. {@link #drop} removes by prefix, so
   * the stem must not be one that anyone else on a shared server cleans up by pattern (the
   * benchmarks drop {@code bench_%}).
   */
  public static String newPrefix(String stem) {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return stem + "_" + HexFormat.of().formatHex(bytes) + "_";
  }

  /**
   * Drops every table, sequence and function in the current schema whose name starts with
   * {@code prefix}. H2 has no one else's tables to keep: an in-memory database is shut down, which
   * frees it, and any other H2 database is emptied.
   */
  public void drop(String prefix) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      switch (kind) {
        case POSTGRES:
          for (String name : names(
              connection,
              "SELECT proname FROM pg_proc"
                  + " WHERE pronamespace = current_schema()::regnamespace AND proname LIKE ?",
              prefix)) {
            statement.execute("DROP FUNCTION IF EXISTS \"" + name + "\" CASCADE");
          }
          for (String name : names(
              connection,
              "SELECT relname FROM pg_class"
                  + " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'r'"
                  + " AND relname LIKE ?",
              prefix)) {
            statement.execute("DROP TABLE IF EXISTS \"" + name + "\" CASCADE");
          }
          for (String name : names(
              connection,
              "SELECT relname FROM pg_class"
                  + " WHERE relnamespace = current_schema()::regnamespace AND relkind = 'S'"
                  + " AND relname LIKE ?",
              prefix)) {
            statement.execute("DROP SEQUENCE IF EXISTS \"" + name + "\" CASCADE");
          }
          break;
        case MARIADB:
          for (String name : names(
              connection,
              "SELECT table_name FROM information_schema.tables"
                  + " WHERE table_schema = DATABASE() AND table_name LIKE ?",
              prefix)) {
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
      // '_' matches any character in LIKE: only the prefix itself may match.
      select.setString(1, prefix.replace("_", "\\_") + "%");
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
    }
    return names;
  }

  /** Runs statements on a connection of its own, outside anything the test has open. */
  public void execute(String... statements) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + String.join("; ", statements), e);
    }
  }

  /** The first column of the first row of a query, as a long; 0 if there is no row. */
  public long queryLong(String sql) {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + sql, e);
    }
  }

  /** {@code name} (of a table or column) quoted for this database's plain SQL. */
  public String quote(String name) {
    return kind == Kind.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
  }

  @Override
  public String toString() {
    return kind.displayName + " at " + url;
  }
}
