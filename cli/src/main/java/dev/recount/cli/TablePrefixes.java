package dev.recount.cli;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Finds the stores in a database by its catalog: every table of the connection's schema named
 * {@code <prefix>events} whose columns are those Recount writes, with a {@code <prefix>snapshots}
 * table beside it that has Recount's columns too. Tables that are named like a store but are not
 * one are reported, not audited.
 */
final class TablePrefixes {
  /** The prefixes Recount accepts ({@code TABLE_PREFIX}). */
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");

  private static final List<String> EVENT_COLUMNS = List.of(
      "notification_id",
      "originator_id",
      "originator_version",
      "topic",
      "timestamp_us",
      "state",
      "previous_hash",
      "hash");
  private static final List<String> SNAPSHOT_COLUMNS = List.of(
      "originator_id",
      "originator_version",
      "topic",
      "timestamp_us",
      "fingerprint",
      "state",
      "head",
      "hash");

  private TablePrefixes() {}

  /**
   * What the catalog shows.
   *
   * @param prefixes the stores found, sorted
   * @param skipped the tables named like a store's events that are not one, with why
   */
  record Found(List<String> prefixes, List<Skipped> skipped) {}

  /** A table that looked like a store's events table but is not one. */
  record Skipped(String table, String reason) {}

  static Found find(Connection connection) throws SQLException {
    DatabaseMetaData catalog = connection.getMetaData();
    String escape = catalog.getSearchStringEscape();
    List<String> candidates = new ArrayList<>();
    try (ResultSet tables = catalog.getTables(
        connection.getCatalog(), connection.getSchema(), "%events", new String[] {"TABLE"})) {
      while (tables.next()) {
        candidates.add(tables.getString("TABLE_NAME"));
      }
    }
    List<String> prefixes = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    for (String table : candidates) {
      if (!table.endsWith("events")) {
        continue;
      }
      String prefix = table.substring(0, table.length() - "events".length());
      if (!PREFIX.matcher(prefix).matches()) {
        // "events" alone, or upper case: not a name Recount would give its tables.
        continue;
      }
      Set<String> eventColumns = columns(connection, catalog, escape, table);
      List<String> missing = missing(eventColumns, EVENT_COLUMNS);
      if (!missing.isEmpty()) {
        skipped.add(new Skipped(table, "it lacks Recount's columns " + missing));
        continue;
      }
      Set<String> snapshotColumns = columns(connection, catalog, escape, prefix + "snapshots");
      if (snapshotColumns.isEmpty()) {
        skipped.add(new Skipped(table, "there is no table " + prefix + "snapshots beside it"));
        continue;
      }
      missing = missing(snapshotColumns, SNAPSHOT_COLUMNS);
      if (!missing.isEmpty()) {
        skipped.add(new Skipped(table, prefix + "snapshots lacks Recount's columns " + missing));
        continue;
      }
      prefixes.add(prefix);
    }
    prefixes.sort(null);
    return new Found(List.copyOf(prefixes), List.copyOf(skipped));
  }

  /** Whether the connection's schema has the table (with any column). */
  static boolean exists(Connection connection, String table) throws SQLException {
    DatabaseMetaData catalog = connection.getMetaData();
    return !columns(connection, catalog, catalog.getSearchStringEscape(), table).isEmpty();
  }

  private static Set<String> columns(
      Connection connection, DatabaseMetaData catalog, String escape, String table)
      throws SQLException {
    // '_' and '%' are wildcards in the catalog's patterns: match the name exactly.
    String pattern = escape == null
        ? table
        : table
            .replace(escape, escape + escape)
            .replace("_", escape + "_")
            .replace("%", escape + "%");
    Set<String> names = new TreeSet<>();
    try (ResultSet columns =
        catalog.getColumns(connection.getCatalog(), connection.getSchema(), pattern, "%")) {
      while (columns.next()) {
        if (columns.getString("TABLE_NAME").equals(table)) {
          names.add(columns.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
        }
      }
    }
    return names;
  }

  private static List<String> missing(Set<String> present, List<String> wanted) {
    List<String> missing = new ArrayList<>();
    for (String column : wanted) {
      if (!present.contains(column)) {
        missing.add(column);
      }
    }
    return missing;
  }

  /** {@code table} quoted for this database's SQL. */
  static String quote(Connection connection, String table) throws SQLException {
    String quote = connection.getMetaData().getIdentifierQuoteString().trim();
    return quote + table + quote;
  }
}
