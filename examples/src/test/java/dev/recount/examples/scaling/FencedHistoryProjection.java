package dev.recount.examples.scaling;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * The world history of {@code WorldHistoryProjection} (how many things happened to each world, and
 * the latest), plus a row per event applied saying which notification, which instance, and the
 * fencing token of the lease it held on the event's segment: a row per event rather than a key, so
 * that an event applied twice shows as two rows, and a batch committed under a lease that was taken
 * over shows under its old token. Told to {@linkplain #stallNext stall}, its next handler call
 * announces it and then takes a while: whoever pauses the instance then pauses it inside a batch.
 */
@Projection("fenced-history")
public class FencedHistoryProjection implements ReadModel {
  private final String history;
  private final String applied;
  private final String instance;
  private final ToLongFunction<UUID> tokens;
  private final AtomicReference<Runnable> stallNext = new AtomicReference<>();
  private final long stallMillis;
  /** Events handled, committed or not, by the token they were handled under. */
  private final Map<Long, AtomicLong> handled = new ConcurrentHashMap<>();

  /**
   * @param tokens the token of the lease this instance holds on an aggregate's segment (0 if none)
   */
  FencedHistoryProjection(
      String tablePrefix, String instance, ToLongFunction<UUID> tokens, long stallMillis) {
    this.history = tablePrefix + "fenced_history";
    this.applied = tablePrefix + "fenced_applied";
    this.instance = instance;
    this.tokens = tokens;
    this.stallMillis = stallMillis;
  }

  @Override
  public void createTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS " + generation.table(history)
          + " (world_id CHAR(36) PRIMARY KEY, happenings INT NOT NULL, latest VARCHAR(1000))");
      ddl.execute("CREATE TABLE IF NOT EXISTS " + generation.table(applied)
          + " (notification_id BIGINT NOT NULL, instance VARCHAR(10) NOT NULL,"
          + " token BIGINT NOT NULL)");
    }
  }

  @Override
  public void dropTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS " + generation.table(history));
      ddl.execute("DROP TABLE IF EXISTS " + generation.table(applied));
    }
  }

  @Handles
  void created(World.Created event, ProjectionContext context) throws SQLException {
    PreparedStatement insert = context.statement(
        "INSERT INTO " + context.table(history) + " (world_id, happenings) VALUES (?, 0)");
    insert.setString(1, context.originatorId().toString());
    insert.executeUpdate();
    record(context);
  }

  @Handles
  void happened(World.SomethingHappened event, ProjectionContext context) throws SQLException {
    PreparedStatement update = context.statement("UPDATE " + context.table(history)
        + " SET happenings = happenings + 1, latest = ? WHERE world_id = ?");
    update.setString(1, event.what());
    update.setString(2, context.originatorId().toString());
    update.executeUpdate();
    record(context);
  }

  private void record(ProjectionContext context) throws SQLException {
    // Read before the stall: once resumed from a pause during it, the runner may have noticed the
    // lease's loss (at its next renewal) and forgotten the token, and the stalled event would
    // record 0 rather than the token of the batch it belongs to.
    long token = tokens.applyAsLong(context.originatorId());
    Runnable stalling = stallNext.getAndSet(null);
    if (stalling != null) {
      stalling.run();
      try {
        Thread.sleep(stallMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    handled.computeIfAbsent(token, t -> new AtomicLong()).incrementAndGet();
    PreparedStatement insert = context.statement("INSERT INTO " + context.table(applied)
        + " (notification_id, instance, token) VALUES (?, ?, ?)");
    insert.setLong(1, context.notificationId());
    insert.setString(2, instance);
    insert.setLong(3, token);
    insert.executeUpdate();
  }

  /**
   * Makes the next handler call (inside a batch's transaction, before its fence) run
   * {@code announce}, then take the stall's milliseconds.
   */
  void stallNext(Runnable announce) {
    stallNext.set(announce);
  }

  /** How many events it handled under {@code token}, in batches committed or rolled back. */
  long handled(long token) {
    AtomicLong count = handled.get(token);
    return count == null ? 0 : count.get();
  }
}
