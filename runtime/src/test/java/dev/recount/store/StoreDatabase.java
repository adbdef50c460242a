package dev.recount.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A named in-memory H2 database that event stores open by {@code DB_URI}, and that the tests reach
 * through a JDBC connection of their own, as a tamperer would: the store's checks must hold against
 * rows changed behind its back.
 */
final class StoreDatabase implements AutoCloseable {
  static final String EVENTS = "\"recount_events\"";
  static final String SNAPSHOTS = "\"recount_snapshots\"";

  final String url = "jdbc:h2:mem:store-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
  private final Connection connection;

  StoreDatabase() {
    try {
      connection = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open " + url, e);
    }
  }

  /** An event store on this database, with the given settings as name, value pairs. */
  EventStore open(String... settings) {
    Map<String, String> values = new HashMap<>();
    values.put("DB_URI", url);
    for (int i = 0; i < settings.length; i += 2) {
      values.put(settings[i], settings[i + 1]);
    }
    return EventStore.open(values);
  }

  int update(String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(sql, parameters)) {
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of the first row, or {@code null} if there is none. */
  Object query(String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getObject(1) : null;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** The first column of every row. */
  List<Object> column(String sql, Object... parameters) {
    try (PreparedStatement statement = prepare(sql, parameters);
        ResultSet rows = statement.executeQuery()) {
      List<Object> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getObject(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  long count(String sql, Object... parameters) {
    return ((Number) query(sql, parameters)).longValue();
  }

  private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.length; i++) {
      statement.setObject(i + 1, parameters[i]);
    }
    return statement;
  }

  /** Drops the database: DB_CLOSE_DELAY=-1 would otherwise keep it for the JVM's life. */
  @Override
  public void close() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      // Already shut down: nothing to release.
    }
    try {
      connection.close();
    } catch (SQLException e) {
      // Closed by the shutdown.
    }
  }
}
