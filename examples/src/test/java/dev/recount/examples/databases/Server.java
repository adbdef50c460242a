package dev.recount.examples.databases;

import static org.junit.jupiter.api.Assertions.fail;

import dev.recount.Application;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A database the application tests run against, as the settings an application would get from
 * its environment: H2 (in memory, or over TCP for other JVMs), or the PostgreSQL and MariaDB
 * servers on loopback ({@code RECOUNT_POSTGRES_URL}, {@code RECOUNT_MARIADB_URL} override the
 * URLs). Unreachable, the test is skipped with how to start the server, or fails under {@code
 * CI=true}.
 */
final class Server {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Map<String, String> PROBED = new HashMap<>();

  final String name;
  final String url;
  final String user;
  final String password;

  private Server(String name, String url, String user, String password) {
    this.name = name;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  static Server h2() {
    return new Server("H2", "jdbc:h2:mem:ex-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null,
        null);
  }

  static Server h2(org.h2.tools.Server tcp) {
    return new Server("H2", "jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/mem:ex-"
        + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
  }

  static Server postgres() {
    return new Server("PostgreSQL",
        env("RECOUNT_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        env("RECOUNT_POSTGRES_USER", "postgres"), env("RECOUNT_POSTGRES_PASSWORD", null));
  }

  static Server mariadb() {
    return new Server("MariaDB", env("RECOUNT_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
        env("RECOUNT_MARIADB_USER", "root"), env("RECOUNT_MARIADB_PASSWORD", null));
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  boolean isH2() {
    return url.startsWith("jdbc:h2:");
  }

  /** Skips the calling test, or fails it under {@code CI=true}, if the server is unreachable. */
  Server requireReachable() {
    if (isH2()) {
      return this;
    }
    String problem;
    synchronized (PROBED) {
      if (!PROBED.containsKey(url)) {
        DriverManager.setLoginTimeout(3);
        try (Connection connection = connect()) {
          PROBED.put(url, null);
        } catch (SQLException e) {
          PROBED.put(url, e.getMessage());
        }
      }
      problem = PROBED.get(url);
    }
    if (problem != null) {
      String message = name + " is not reachable at " + url + " as user '" + user + "' ("
          + problem + "). Start it with 'bash .ci/databases', or point "
          + (name.equals("MariaDB") ? "RECOUNT_MARIADB_URL" : "RECOUNT_POSTGRES_URL")
          + " at a server.";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true, so the " + name + " tests must run: " + message);
      }
      Assumptions.abort(message);
    }
    return this;
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  static String newPrefix(String purpose) {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return "ex_" + purpose + "_" + HexFormat.of().formatHex(bytes) + "_";
  }

  /** The settings an application on this database gets from its environment. */
  Map<String, String> environment(String prefix) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DB_URI", url);
    if (user != null) {
      environment.put("DB_USER", user);
    }
    if (password != null) {
      environment.put("DB_PASSWORD", password);
    }
    environment.put("TABLE_PREFIX", prefix);
    return environment;
  }

  /** A builder for an application on this database, with tables named {@code prefix*}. */
  Application.Builder application(String prefix) {
    return Application.builder().environment(environment(prefix));
  }

  /** Runs statements on a connection of its own. */
  void execute(String... statements) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + String.join("; ", statements), e);
    }
  }

  long queryLong(String sql) {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw new IllegalStateException("could not run " + sql, e);
    }
  }

  /** The table {@code name}, quoted for this database's SQL. */
  String table(String name) {
    return this.name.equals("MariaDB") ? "`" + name + "`" : "\"" + name + "\"";
  }

  /** Drops every table, sequence and function whose name starts with {@code prefix}. */
  void drop(String prefix) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      switch (name) {
        case "PostgreSQL":
          for (String function : names(connection, "SELECT proname FROM pg_proc WHERE"
              + " pronamespace = current_schema()::regnamespace AND proname LIKE ?", prefix)) {
            statement.execute("DROP FUNCTION IF EXISTS \"" + function + "\" CASCADE");
          }
          for (String table : names(connection, "SELECT relname FROM pg_class WHERE"
              + " relnamespace = current_schema()::regnamespace AND relkind = 'r'"
              + " AND relname LIKE ?", prefix)) {
            statement.execute("DROP TABLE IF EXISTS \"" + table + "\" CASCADE");
          }
          for (String sequence : names(connection, "SELECT relname FROM pg_class WHERE"
              + " relnamespace = current_schema()::regnamespace AND relkind = 'S'"
              + " AND relname LIKE ?", prefix)) {
            statement.execute("DROP SEQUENCE IF EXISTS \"" + sequence + "\" CASCADE");
          }
          break;
        case "MariaDB":
          for (String table : names(connection, "SELECT table_name FROM"
              + " information_schema.tables WHERE table_schema = DATABASE()"
              + " AND table_name LIKE ?", prefix)) {
            statement.execute("DROP TABLE IF EXISTS `" + table + "`");
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

  @Override
  public String toString() {
    return name + " at " + url;
  }
}
