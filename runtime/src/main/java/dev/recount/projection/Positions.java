package dev.recount.projection;

import dev.recount.PersistenceError;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * The table of projections' positions, {@code <prefix>projections}, in the projection's own
 * database: one row per projection, generation and segment, with its state ({@code live},
 * {@code building} during a rebuild), the id of the last notification it applied, and its last
 * error. Plain SQL that H2, PostgreSQL and MariaDB all accept.
 */
final class Positions {
  static final String LIVE = "live";
  static final String BUILDING = "building";

  private final DataSource dataSource;
  private final String table;

  Positions(DataSource dataSource, String tablePrefix) {
    this.dataSource = dataSource;
    this.table = tablePrefix + "projections";
  }

  String table() {
    return table;
  }

  /** One row: where a generation's segment of a projection is. */
  record Row(
      int generation,
      int segment,
      int segments,
      String state,
      long position,
      long updatedAt,
      String lastError,
      long lastErrorAt) {}

  void createTable() {
    try (Connection connection = dataSource.getConnection();
        Statement ddl = connection.createStatement()) {
      connection.setAutoCommit(true);
      ddl.execute("CREATE TABLE IF NOT EXISTS " + table + " ("
          + "projection VARCHAR(100) NOT NULL, generation INT NOT NULL, segment INT NOT NULL,"
          + " segments INT NOT NULL, state VARCHAR(10) NOT NULL, log_position BIGINT NOT NULL,"
          + " updated_at BIGINT NOT NULL, last_error VARCHAR(1000), last_error_at BIGINT,"
          + " PRIMARY KEY (projection, generation, segment))");
    } catch (SQLException e) {
      throw new PersistenceError("could not create the table " + table, e);
    }
  }

  /** The rows of {@code projection}, by generation. */
  List<Row> rows(String projection) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      return rows(connection, projection);
    } catch (SQLException e) {
      throw new PersistenceError("could not read " + table + " for " + projection, e);
    }
  }

  private List<Row> rows(Connection connection, String projection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT generation, segment, segments, state, log_position, updated_at, last_error, last_error_at"
            + " FROM " + table + " WHERE projection = ? ORDER BY generation, segment")) {
      select.setString(1, projection);
      List<Row> rows = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(new Row(
              row.getInt(1),
              row.getInt(2),
              row.getInt(3),
              row.getString(4),
              row.getLong(5),
              row.getLong(6),
              row.getString(7),
              row.getLong(8)));
        }
      }
      return rows;
    }
  }

  /** Adds a row at position 0; false if it is there already (another instance added it). */
  boolean insert(String projection, int generation, int segment, int segments, String state) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table
            + " (projection, generation, segment, segments, state, log_position, updated_at)"
            + " VALUES (?, ?, ?, ?, ?, 0, ?)")) {
      connection.setAutoCommit(true);
      insert.setString(1, projection);
      insert.setInt(2, generation);
      insert.setInt(3, segment);
      insert.setInt(4, segments);
      insert.setString(5, state);
      insert.setLong(6, System.currentTimeMillis());
      insert.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false;
      }
      throw new PersistenceError("could not add " + projection + " to " + table, e);
    }
  }

  /**
   * Moves the position from {@code from} to {@code to} in the caller's transaction, if it is still
   * at {@code from}: the compare-and-set that lets one batch only of two racing instances commit.
   * It also locks the row until the transaction ends.
   */
  boolean advance(
      Connection connection, String projection, int generation, int segment, long from, long to)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE " + table
        + " SET log_position = ?, updated_at = ? WHERE projection = ? AND generation = ?"
        + " AND segment = ? AND log_position = ?")) {
      update.setLong(1, to);
      update.setLong(2, System.currentTimeMillis());
      update.setString(3, projection);
      update.setInt(4, generation);
      update.setInt(5, segment);
      update.setLong(6, from);
      return update.executeUpdate() == 1;
    }
  }

  /** Records a failure of a batch, in a transaction of its own; never throws. */
  void failed(String projection, int generation, int segment, String error) {
    String text = error.length() > 1000 ? error.substring(0, 1000) : error;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement update = connection.prepareStatement("UPDATE " + table
            + " SET last_error = ?, last_error_at = ? WHERE projection = ? AND generation = ?"
            + " AND segment = ?")) {
      connection.setAutoCommit(true);
      update.setString(1, text);
      update.setLong(2, System.currentTimeMillis());
      update.setString(3, projection);
      update.setInt(4, generation);
      update.setInt(5, segment);
      update.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      // the database that failed the batch may well fail this too; the log has the error
    }
  }

  /**
   * Makes {@code next} the live generation of {@code projection} and removes the rows of
   * {@code previous}, in one transaction: readers who ask see one or the other, never neither. With
   * {@code claim} (a leased rebuild's lease), only if it still holds.
   */
  void switchOver(String projection, int previous, int next, Claim claim) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement live = connection.prepareStatement("UPDATE " + table
            + " SET state = ? WHERE projection = ? AND generation = ? AND state = ?")) {
          live.setString(1, LIVE);
          live.setString(2, projection);
          live.setInt(3, next);
          live.setString(4, BUILDING);
          if (live.executeUpdate() == 0) {
            throw new SQLException("generation " + next + " of " + projection
                + " is no longer being built (did another instance rebuild it?)");
          }
        }
        delete(connection, projection, previous);
        if (claim != null) {
          claim.check(connection, projection, 0); // the rebuild's lease: last, before the commit
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new PersistenceError("could not switch " + projection + " to generation " + next, e);
    }
  }

  /** Removes the rows of one generation of {@code projection}. */
  void delete(String projection, int generation) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      delete(connection, projection, generation);
    } catch (SQLException e) {
      throw new PersistenceError(
          "could not remove generation " + generation + " of " + projection, e);
    }
  }

  private void delete(Connection connection, String projection, int generation)
      throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM " + table + " WHERE projection = ? AND generation = ?")) {
      delete.setString(1, projection);
      delete.setInt(2, generation);
      delete.executeUpdate();
    }
  }
}
