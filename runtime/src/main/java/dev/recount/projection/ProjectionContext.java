package dev.recount.projection;

import dev.recount.log.Notification;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a {@code @Handles} method may take besides its event: the batch transaction's connection,
 * the generation of tables it writes to, and the notification being handled. Valid only during the
 * call; the runner commits (or rolls back) the connection, never the handler.
 */
public final class ProjectionContext {
  private final Connection connection;
  private final Generation generation;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  /** Handlers ask for their tables' names on every event; each is checked and built once. */
  private final Map<String, String> tables = new HashMap<>();

  private Notification notification;

  ProjectionContext(Connection connection, Generation generation) {
    this.connection = connection;
    this.generation = generation;
  }

  void at(Notification notification) {
    this.notification = notification;
  }

  /**
   * The connection of the batch's transaction, from the runner's {@code DataSource}: write the read
   * model with it, so that the writes commit together with the position. Do not commit, roll back
   * or close it.
   */
  public Connection connection() {
    return connection;
  }

  /**
   * A statement of {@code sql} on the batch's connection, prepared once per batch and reused by
   * every notification of it: set its parameters and execute it. The runner closes it when the
   * batch ends; do not close it.
   */
  public PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /** Closes the statements the batch prepared. */
  void closeStatements() {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        // the connection's own close releases it
      }
    }
    statements.clear();
  }

  /** The generation being written: the live one, or the one a rebuild is filling. */
  public Generation generation() {
    return generation;
  }

  /** The name of the table {@code base} in the generation being written. */
  public String table(String base) {
    String table = tables.get(base);
    if (table == null) {
      table = generation.table(base);
      tables.put(base, table);
    }
    return table;
  }

  /** The id of the notification being handled: its position in the log. */
  public long notificationId() {
    return notification.id();
  }

  /** The aggregate whose event it is. */
  public UUID originatorId() {
    return notification.originatorId();
  }

  /** The aggregate's version after the event. */
  public long originatorVersion() {
    return notification.originatorVersion();
  }

  /** When the event was triggered. */
  public Instant timestamp() {
    return notification.timestamp();
  }
}
