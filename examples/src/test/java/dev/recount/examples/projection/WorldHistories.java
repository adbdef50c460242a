package dev.recount.examples.projection;

import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.log.NotificationLogReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The two sides the projection tests compare, what a read model holds and the log folded, and the
 * worlds they save to fill the log. Public for the scaling tests, whose projection instances in
 * JVMs of their own keep a world history too.
 */
public final class WorldHistories {
  private WorldHistories() {}

  /** Saves {@code count} new worlds with {@code happenings} happenings each, and returns them. */
  static List<World> saveWorlds(WorldRepository worlds, int count, int happenings) {
    List<World> saved = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      World world = World.create();
      for (int j = 0; j < happenings; j++) {
        world.makeItSo("thing " + i + "." + j);
      }
      worlds.save(world);
      saved.add(world);
    }
    return saved;
  }

  /** The whole read model in {@code table}, by world id. */
  public static Map<String, WorldHistoryProjection.Row> readModel(
      DataSource dataSource, String table) {
    Map<String, WorldHistoryProjection.Row> rows = new TreeMap<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select =
            connection.prepareStatement("SELECT world_id, happenings, latest FROM " + table);
        ResultSet row = select.executeQuery()) {
      while (row.next()) {
        rows.put(
            row.getString(1).trim(),
            new WorldHistoryProjection.Row(row.getInt(2), row.getString(3)));
      }
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
    return rows;
  }

  /** What a fresh projection of the whole log holds: every event applied once, in order. */
  public static Map<String, WorldHistoryProjection.Row> folded(NotificationLog log) {
    Map<String, WorldHistoryProjection.Row> rows = new TreeMap<>();
    for (Notification notification : new NotificationLogReader(log).read()) {
      String id = notification.originatorId().toString();
      if (notification.event() instanceof World.Created) {
        rows.put(id, new WorldHistoryProjection.Row(0, null));
      } else if (notification.event() instanceof World.SomethingHappened happened) {
        rows.computeIfPresent(
            id,
            (key, row) -> new WorldHistoryProjection.Row(row.happenings() + 1, happened.what()));
      }
    }
    return rows;
  }
}
