package dev.recount.examples.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server on 127.0.0.1:5432 (trust, user postgres, database test). A test that needs
 * it is skipped when it cannot be reached, unless {@code CI=true}: then it fails.
 */
public final class Postgres {
  public static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
  public static final String USER = "postgres";

  private Postgres() {}

  /** Skips the calling test (fails it when {@code CI=true}) if PostgreSQL does not answer. */
  public static void assumeReachable() {
    try (Connection connection = connect()) {
      connection.isValid(2);
    } catch (SQLException e) {
      String message = "PostgreSQL is not reachable at " + URL + " as " + USER + ": "
          + e.getMessage();
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new AssertionError(message + " (CI=true: PostgreSQL is required)", e);
      }
      System.out.println("SKIPPED: " + message);
      Assumptions.abort(message);
    }
  }

  /**
   * A table prefix no other test run uses, such as {@code recproc_1a2b3c4d_}. Pick a stem that no
   * other user of the shared server cleans up by pattern (the benchmarks drop {@code bench_%}).
   */
  public static String uniquePrefix(String stem) {
    return stem + "_" + UUID.randomUUID().toString().substring(0, 8) + "_";
  }

  /** The environment of an application on this server, its tables starting with {@code prefix}. */
  public static Map<String, String> environment(String prefix) {
    Map<String, String> environment = new HashMap<>();
    environment.put("DB_URI", URL);
    environment.put("DB_USER", USER);
    environment.put("TABLE_PREFIX", prefix);
    environment.put("DB_POOL_SIZE", "4");
    return environment;
  }

  /** Drops every table whose name starts with {@code prefix}. */
  public static void dropTables(String prefix) {
    try (Connection connection = connect(); Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery("SELECT tablename FROM pg_tables"
          + " WHERE schemaname = 'public' AND starts_with(tablename, '" + prefix + "')")) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      for (String table : tables) {
        statement.execute("DROP TABLE IF EXISTS \"" + table + "\"");
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop the tables " + prefix + "*", e);
    }
  }

  /** Reads one number. */
  public static long count(String sql) {
    try (Connection connection = connect(); Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  private static Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    properties.setProperty("connectTimeout", "3");
    properties.setProperty("loginTimeout", "3");
    return DriverManager.getConnection(URL, properties);
  }
}
