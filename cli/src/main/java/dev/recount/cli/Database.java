package dev.recount.cli;

import dev.recount.store.EventStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One database the tool reads: a plain JDBC connection of its own for the catalog and the counts,
 * and a read-only {@link EventStore} per table prefix for the records.
 */
final class Database implements AutoCloseable {
  private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

  /** The URL as the operator gave it, for reports. */
  private final String given;
  /** The URL connected to: an H2 file URL with IFEXISTS added. */
  private final String url;

  private final String user;
  private final String password;
  private final Connection connection;

  private Database(String given, String url, String user, String password, Connection connection) {
    this.given = given;
    this.url = url;
    this.user = user;
    this.password = password;
    this.connection = connection;
  }

  /**
   * Connects to {@code url}. An H2 URL of a database file opens only an existing file: an auditor's
   * typing mistake must not create an empty database and report that it holds no tables.
   *
   * @throws Failure with {@link ExitCodes#CONFIGURATION} if the URL is malformed or the database
   *     cannot be reached
   */
  static Database connect(String url, String user, String password) {
    String jdbcUrl = url.trim();
    if (!jdbcUrl.startsWith("jdbc:")) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "'" + redact(jdbcUrl) + "' is not a JDBC URL; expected jdbc:h2:...,"
              + " jdbc:postgresql://host:port/db or jdbc:mariadb://host:port/db");
    }
    if (jdbcUrl.startsWith("jdbc:h2:")
        && !jdbcUrl.contains("mem:")
        && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("IFEXISTS")) {
      jdbcUrl += ";IFEXISTS=TRUE";
    }
    DriverManager.setLoginTimeout(10);
    try {
      Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
      return new Database(url.trim(), jdbcUrl, user, password, connection);
    } catch (SQLException e) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "could not connect to " + redact(url.trim())
              + (user == null ? "" : " as user '" + user + "'") + ": " + e.getMessage(),
          e);
    }
  }

  /** The URL as reports show it: a password written into it is replaced by {@code ***}. */
  String display() {
    return redact(given);
  }

  static String redact(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }

  /** The catalog's tables, read once. */
  TablePrefixes.Found scan() {
    try {
      return TablePrefixes.find(connection);
    } catch (SQLException e) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "could not read the list of tables at " + display() + ": " + e.getMessage(),
          e);
    }
  }

  /** The tool's own connection, for plain queries of tables that are not a store's. */
  Connection connection() {
    return connection;
  }

  /** Whether the database has the table, in the connection's schema. */
  boolean hasTable(String table) {
    try {
      return TablePrefixes.exists(connection, table);
    } catch (SQLException e) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "could not look for the table " + table + " at " + display() + ": " + e.getMessage(),
          e);
    }
  }

  /** How many event rows the store of {@code prefix} holds, to show progress against. */
  long countEvents(String prefix) {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT COUNT(*) FROM " + TablePrefixes.quote(connection, prefix + "events"))) {
      return rows.next() ? rows.getLong(1) : 0;
    } catch (SQLException e) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "could not count the rows of " + prefix + "events at " + display() + ": "
              + e.getMessage(),
          e);
    }
  }

  /**
   * The store of one prefix, read-only: it creates nothing and refuses every save. Without a key it
   * still checks every hash; with one it also decrypts (and reads unencrypted records too), records
   * of their aggregate's own key too when the store has a table of them.
   *
   * @param keys the key settings to read with (CIPHER_KEY, or CIPHER_KEYS and CIPHER_KEY_ID); empty
   *     or {@code null} for none
   */
  EventStore open(String prefix, Map<String, String> keys) {
    Map<String, String> settings = new HashMap<>();
    settings.put("DB_URI", url);
    if (user != null) {
      settings.put("DB_USER", user);
    }
    if (password != null) {
      settings.put("DB_PASSWORD", password);
    }
    if (keys != null && !keys.isEmpty()) {
      settings.putAll(keys);
      if (hasTable(prefix + "subject_keys")) {
        // Records encrypted with their aggregate's own key are read through the table of those
        // keys, which the application's key unwraps; a forgotten aggregate's read as such.
        settings.put("SUBJECT_KEYS", "true");
      }
      // Show a record stored without encryption rather than refuse it: inspect flags it as such,
      // and the audit (which has no key) counts it.
      settings.put("ACCEPT_UNENCRYPTED", "true");
    }
    settings.put("TABLE_PREFIX", prefix);
    settings.put("READ_ONLY", "true");
    settings.put("CREATE_TABLES", "false");
    settings.put("DB_POOL_SIZE", "1");
    return EventStore.open(settings);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      // Only read from it; nothing is lost.
    }
  }
}
