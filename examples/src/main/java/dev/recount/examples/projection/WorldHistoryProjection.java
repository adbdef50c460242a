package dev.recount.examples.projection;

import dev.recount.annotations.Handles;
import dev.recount.annotations.Projection;
import dev.recount.examples.world.World;
import dev.recount.projection.Generation;
import dev.recount.projection.ProjectionContext;
import dev.recount.projection.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;

/**
 * A read model of worlds: for each, how many things happened and the latest. Plain JDBC on the
 * batch's connection; the runner ({@code ProjectionRunner}) commits each batch together with its
 * position, so a restart neither loses nor repeats an update, and rebuilds it into a new generation
 * of its table while the old one serves.
 */
@Projection("world-history")
public class WorldHistoryProjection implements ReadModel {
  private final String base;

  /** A projection whose table is {@code <tablePrefix>world_history_g<generation>}. */
  public WorldHistoryProjection(String tablePrefix) {
    this.base = tablePrefix + "world_history";
  }

  @Override
  public void createTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS " + generation.table(base)
          + " (world_id CHAR(36) PRIMARY KEY, happenings INT NOT NULL, latest VARCHAR(1000))");
    }
  }

  @Override
  public void dropTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS " + generation.table(base));
    }
  }

  @Handles
  void created(World.Created event, ProjectionContext context) throws SQLException {
    PreparedStatement insert = context.statement(
        "INSERT INTO " + context.table(base) + " (world_id, happenings) VALUES (?, 0)");
    insert.setString(1, context.originatorId().toString());
    insert.executeUpdate();
  }

  @Handles
  void happened(World.SomethingHappened event, ProjectionContext context) throws SQLException {
    PreparedStatement update = context.statement("UPDATE " + context.table(base)
        + " SET happenings = happenings + 1, latest = ? WHERE world_id = ?");
    update.setString(1, event.what());
    update.setString(2, context.originatorId().toString());
    update.executeUpdate();
  }

  /** The base name of its table: give it to {@code ProjectionRunner.table} to read the table. */
  public String table() {
    return base;
  }

  /** One world in the read model. */
  public record Row(int happenings, String latest) {}

  /** How many things happened in the world, and the latest, read from {@code table}. */
  public static Optional<Row> row(Connection connection, String table, UUID worldId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT happenings, latest FROM " + table + " WHERE world_id = ?")) {
      select.setString(1, worldId.toString());
      try (ResultSet row = select.executeQuery()) {
        return row.next()
            ? Optional.of(new Row(row.getInt(1), row.getString(2)))
            : Optional.empty();
      }
    }
  }
}
