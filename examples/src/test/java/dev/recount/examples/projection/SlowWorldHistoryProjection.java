package dev.recount.examples.projection;

import dev.recount.annotations.Handles;
import dev.recount.annotations.Projection;
import dev.recount.examples.world.World;
import dev.recount.projection.Generation;
import dev.recount.projection.ProjectionContext;
import dev.recount.projection.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the happenings of each world, and takes {@code slowMillis} over a happening called "slow":
 * a batch slower than the lease. Counts how many times it applied one, committed or not.
 */
@Projection("slow-history")
public class SlowWorldHistoryProjection implements ReadModel {
  private final String base;
  private final long slowMillis;
  final CountDownLatch slowStarted = new CountDownLatch(1);
  final AtomicInteger slowApplied = new AtomicInteger();

  SlowWorldHistoryProjection(String tablePrefix, long slowMillis) {
    this.base = tablePrefix + "slow_history";
    this.slowMillis = slowMillis;
  }

  @Override
  public void createTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS " + generation.table(base)
          + " (world_id CHAR(36) PRIMARY KEY, happenings INT NOT NULL)");
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
    if (event.what().equals("slow")) {
      slowApplied.incrementAndGet();
      slowStarted.countDown();
      try {
        Thread.sleep(slowMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    PreparedStatement update = context.statement(
        "UPDATE " + context.table(base) + " SET happenings = happenings + 1 WHERE world_id = ?");
    update.setString(1, context.originatorId().toString());
    update.executeUpdate();
  }

  /** The base name of its table. */
  String table() {
    return base;
  }
}
