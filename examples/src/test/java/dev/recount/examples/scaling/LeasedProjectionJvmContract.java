package dev.recount.examples.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.examples.projection.WorldHistories;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import dev.recount.projection.ProjectionRunner;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instances of one leased projection, each a {@link LeasedProjectionInstance} in a JVM of its own
 * with a connection pool of its own, sharing the projection's segments while a writer in the test's
 * JVM saves a world every few milliseconds: whatever the number of segments, the holder of segment
 * 0 killed with SIGKILL has it taken over, and every event is applied exactly once (the read model
 * equals the fold of the whole log, and each event has one row in the projection's table of applied
 * events); a holder paused with SIGSTOP past its lease commits nothing under it once resumed.
 * Subclasses name the database.
 */
abstract class LeasedProjectionJvmContract {
  /** Short, so that a test waits little for a dead instance's leases to run out. */
  static final long LEASE_MILLIS = 1000;

  private static final String PROJECTION = "fenced-history";

  private DatabaseServer server;
  private String prefix;
  private Application worlds;
  private HikariDataSource pool;
  /** Never started: the test reads the projection's position and tables through it. */
  private ProjectionRunner observer;

  private LeaseWatch leases;
  private final Instances children = new Instances();
  /** The writer of the test under way, stopped when it ends, whatever happened. */
  private Writer writer;

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
  }

  @AfterEach
  void close() throws InterruptedException {
    if (writer != null) {
      writer.stop();
    }
    children.close();
    finish();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void withOneSegmentOneInstanceWorksAndAnotherTakesOverWhenItIsKilled() throws Exception {
    round(1, List.of("a", "b"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void twoSegmentsAreSharedAndAKilledInstancesSegmentIsTakenOver() throws Exception {
    round(2, List.of("a", "b"));
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fourSegmentsAreSharedByThreeInstancesAndAKilledInstancesSegmentsAreTakenOver()
      throws Exception {
    round(4, List.of("a", "b", "c"));
  }

  private void round(int segments, List<String> instances) throws Exception {
    start(segments, instances, 0);
    leases.awaitAllHeld(segments, Duration.ofSeconds(20));
    leases.awaitBalanced(Math.min(segments, instances.size()), Duration.ofSeconds(10));
    Writer writer = writer();
    writer.start();
    Thread.sleep(500);
    String victim = leases.holderOf(0, Duration.ofSeconds(10));
    long killed = System.nanoTime();
    children.get(victim).close();
    long takeover = leases.awaitHeldWithout(0, victim, Duration.ofSeconds(15)) - killed;
    Thread.sleep(300);
    writer.stop();
    long last = worlds.log().maxId();
    assertThat(observer.awaitProcessed(last, Duration.ofSeconds(30)))
        .as("every segment has applied the log up to %d", last)
        .isTrue();
    Map<String, Long> byInstance = assertAppliedOnce();
    assertThat(observer.status().lastError()).as("a batch's failure").isNull();
    System.out.printf(
        "%s, %d segment(s), %d instances: %d events of %d worlds, each applied once (%s);"
            + " instance %s killed, its segment 0 taken over after %d ms (lease %d ms)%n",
        server.kind().displayName(),
        segments,
        instances.size(),
        last,
        writer.written.size(),
        byInstance,
        victim,
        TimeUnit.NANOSECONDS.toMillis(takeover),
        LEASE_MILLIS);
    children.stopAll();
    assertThat(leases.holders()).as("live leases after every instance stopped").isEmpty();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHolderPausedPastItsLeaseCommitsNothingUnderItOnceResumed() throws Exception {
    // The holder is paused while a handler stalls, inside a batch (the fence comes after the
    // handlers): on resuming, it goes on with the batch it started under its old lease, whose
    // fence must refuse it.
    start(1, List.of("a", "b"), 500);
    Writer writer = writer();
    writer.start();
    // Whoever claimed first, the segment is a's share (the first name) once both are present: b
    // gives it back if it has it, and a paused b would no longer be inside a batch of it.
    leases.awaitHeldBy(0, "a", Duration.ofSeconds(20));
    Thread.sleep(300);
    LeaseWatch.Takeover takeover =
        leases.pauseHolderUntilTakenOver(children::get, LEASE_MILLIS, holder -> {
          holder.send("stall");
          assertThat(holder.expectLine(Duration.ofSeconds(10))).isEqualTo("stalling");
        });
    LeaseWatch.Holder paused = takeover.paused();
    long committedBefore = committedWithToken(paused.token());
    children.get(paused.holder()).signal("CONT");
    Thread.sleep(LEASE_MILLIS);
    writer.stop();
    long last = worlds.log().maxId();
    assertThat(observer.awaitProcessed(last, Duration.ofSeconds(30)))
        .as("every segment has applied the log up to %d", last)
        .isTrue();
    assertThat(committedWithToken(paused.token()))
        .as(
            "events committed under the paused holder's token %d after it was taken over",
            paused.token())
        .isEqualTo(committedBefore);
    Map<String, Long> byInstance = assertAppliedOnce();
    children.get(paused.holder()).send("handled " + paused.token());
    long handled = Long.parseLong(
        children.get(paused.holder()).expectLine(Duration.ofSeconds(10)).substring(8));
    assertThat(handled - committedBefore)
        .as("events handled under the old token in the batch its fence refused")
        .isPositive();
    System.out.printf(
        "%s: %s paused with token %d, %s took over with token %d; %d events each applied once"
            + " (%s); %d committed under the old token, none after the takeover; %d handled under"
            + " it in the batch(es) refused; last error: %s%n",
        server.kind().displayName(),
        paused.holder(),
        paused.token(),
        takeover.successor().holder(),
        takeover.successor().token(),
        last,
        byInstance,
        committedBefore,
        handled - committedBefore,
        observer.status().lastError());
    children.stopAll();
  }

  private void start(int segments, List<String> instances, long pauseMillis) throws Exception {
    server = server().requireReachable(); // H2: a database of its own for each round
    prefix = DatabaseServer.newPrefix("ex_lpjvm");
    worlds = LeasedCounter.builder(server.url(), server.user(), server.password(), prefix)
        .build();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.url());
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(2);
    pool = new HikariDataSource(config);
    observer = ProjectionRunner.builder(
            new FencedHistoryProjection(prefix, "test", aggregate -> 0, 0), pool)
        .follow(worlds)
        .tablePrefix(prefix)
        .leased(Duration.ofMillis(LEASE_MILLIS))
        .segments(segments)
        .instance("test")
        .build();
    // Creates the tables once here, so that the instances do not race to create them.
    assertThat(observer.position()).isZero();
    leases = new LeaseWatch(server, prefix + "leases", PROJECTION);
    for (String instance : instances) {
      children.start(
          instance,
          LeasedProjectionInstance.class.getName(),
          server.url(),
          server.user() == null ? "-" : server.user(),
          server.password() == null ? "-" : server.password(),
          prefix,
          instance,
          Integer.toString(segments),
          Long.toString(LEASE_MILLIS),
          Long.toString(pauseMillis));
    }
    children.awaitReady(Duration.ofSeconds(120));
  }

  /** Saves a world with two happenings every few milliseconds. */
  private Writer writer() {
    WorldRepository repository = WorldRepository.of(worlds);
    writer = new Writer(() -> {
      World world = World.create();
      world.makeItSo("first");
      world.makeItSo("second");
      repository.save(world);
      return world.id();
    });
    return writer;
  }

  /**
   * Checks that every event of the log was applied exactly once: the read model equals the fold of
   * the whole log, and the table of applied events has one row for each notification, no more.
   *
   * @return how many events each instance applied
   */
  private Map<String, Long> assertAppliedOnce() throws SQLException {
    assertThat(WorldHistories.readModel(pool, observer.table(prefix + "fenced_history")))
        .as("the read model against the fold of the whole log")
        .isEqualTo(WorldHistories.folded(worlds.log()));
    List<Long> notifications = new ArrayList<>();
    for (Notification notification : new NotificationLogReader(worlds.log()).read()) {
      notifications.add(notification.id());
    }
    List<Long> applied = new ArrayList<>();
    Map<String, Long> byInstance = new TreeMap<>();
    try (Connection connection = pool.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT notification_id, instance"
            + " FROM " + observer.table(prefix + "fenced_applied") + " ORDER BY notification_id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        applied.add(rows.getLong(1));
        byInstance.merge(rows.getString(2), 1L, Long::sum);
      }
    }
    assertThat(applied)
        .as("notifications applied (missing: %s)", missing(notifications, applied))
        .isEqualTo(notifications);
    return byInstance;
  }

  private static TreeSet<Long> missing(List<Long> notifications, List<Long> applied) {
    TreeSet<Long> missing = new TreeSet<>(notifications);
    missing.removeAll(applied);
    return missing;
  }

  /** Events committed under {@code token}, per the projection's table of applied events. */
  private long committedWithToken(long token) {
    return server.queryLong("SELECT COUNT(*) FROM " + observer.table(prefix + "fenced_applied")
        + " WHERE token = " + token);
  }

  private void finish() {
    if (observer != null) {
      observer.close();
      observer = null;
    }
    if (pool != null) {
      pool.close();
      pool = null;
    }
    if (worlds != null) {
      worlds.close();
      worlds = null;
    }
    if (prefix != null) {
      server.drop(prefix);
      prefix = null;
    }
  }
}
