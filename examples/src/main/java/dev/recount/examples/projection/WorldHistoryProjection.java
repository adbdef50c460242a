package dev.recount.examples.projection;

import dev.recount.examples.world.World;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.log.NotificationLogReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A read model kept up to date from a notification log: for each world, how many things happened
 * and the latest. Each page of notifications is applied in one transaction together with the
 * position reached, so a restart resumes exactly where the last commit left off: no update is lost,
 * none is applied twice.
 */
public class WorldHistoryProjection implements AutoCloseable {
  private static final String NAME = "world-history";

  private final Connection connection;

  /** Opens (creating if needed) the read model in the database at {@code jdbcUrl}. */
  public WorldHistoryProjection(String jdbcUrl) throws SQLException {
    connection = DriverManager.getConnection(jdbcUrl);
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS world_history ("
          + "world_id UUID PRIMARY KEY, happenings INT NOT NULL, latest VARCHAR(1000))");
      ddl.execute("CREATE TABLE IF NOT EXISTS projection_position ("
          + "name VARCHAR(100) PRIMARY KEY, position BIGINT NOT NULL)");
    }
    connection.setAutoCommit(false);
  }

  /** The id of the last notification applied; 0 before the first. */
  public long position() throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT position FROM projection_position WHERE name = ?")) {
      select.setString(1, NAME);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getLong(1) : 0;
      }
    } finally {
      connection.commit();
    }
  }

  /**
   * Applies everything in {@code log} after the stored position, a page per transaction.
   *
   * @return how many notifications were applied
   */
  public int catchUp(NotificationLog log) throws SQLException {
    NotificationLogReader reader = new NotificationLogReader(log, position()).pageSize(50);
    int applied = 0;
    List<Notification> page;
    while (!(page = reader.readPage()).isEmpty()) {
      try {
        for (Notification notification : page) {
          apply(notification);
        }
        savePosition(reader.position());
        connection.commit();
        applied += page.size();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
    return applied;
  }

  /** How many things happened in the world, and the latest, if the read model knows it. */
  public Optional<Row> row(UUID worldId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT happenings, latest FROM world_history WHERE world_id = ?")) {
      select.setObject(1, worldId);
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(new Row(row.getInt(1), row.getString(2)))
            : Optional.empty();
      }
    } finally {
      connection.commit();
    }
  }

  /** One world in the read model. */
  public record Row(int happenings, String latest) {}

  /** Applies one notification; overridden by tests to fail part-way through a page. */
  void apply(Notification notification) throws SQLException {
    if (notification.event() instanceof World.Created) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO world_history (world_id, happenings) VALUES (?, 0)")) {
        insert.setObject(1, notification.originatorId());
        insert.executeUpdate();
      }
    } else if (notification.event() instanceof World.SomethingHappened happened) {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE world_history SET happenings = happenings + 1, latest = ? WHERE world_id = ?")) {
        update.setString(1, happened.what());
        update.setObject(2, notification.originatorId());
        update.executeUpdate();
      }
    }
  }

  private void savePosition(long position) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE projection_position SET position = ? WHERE name = ?")) {
      update.setLong(1, position);
      update.setString(2, NAME);
      if (update.executeUpdate() == 1) {
        return;
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO projection_position (name, position) VALUES (?, ?)")) {
      insert.setString(1, NAME);
      insert.setLong(2, position);
      insert.executeUpdate();
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
