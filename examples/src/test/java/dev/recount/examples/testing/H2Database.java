package dev.recount.examples.testing;

import dev.recount.Application;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A named in-memory H2 database for one test: applications connect to it by URL, and the test
 * reaches the same tables with plain JDBC, as an attacker or a broken disk would.
 */
public final class H2Database implements AutoCloseable {
  private final DatabaseServer database = DatabaseServer.h2();
  private final Connection keepAlive;

  public H2Database() {
    try {
      keepAlive = database.connect();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return database.url();
  }

  public Application.Builder application() {
    return Application.builder().dbUri(database.url());
  }

  /** Runs one SQL update with parameters; returns the number of rows changed. */
  public int update(String sql, Object... parameters) {
    try (PreparedStatement statement = keepAlive.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      return statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Reads one value. */
  public Object query(String sql, Object... parameters) {
    try (PreparedStatement statement = keepAlive.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (var rows = statement.executeQuery()) {
        return rows.next() ? rows.getObject(1) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  @Override
  public void close() {
    try (keepAlive;
        var statement = keepAlive.createStatement()) {
      statement.execute("SHUTDOWN");
    } catch (SQLException e) {
      // already closed
    }
  }
}
