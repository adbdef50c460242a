package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.testing.ForwardingDataSource;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.process.LeasedFollower;
import dev.recount.process.ProcessApplication;
import dev.recount.testing.DatabaseServer;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instances of one leased follower in this JVM, each with a connection pool of its own (as in JVMs
 * of their own), while the segments move between them: an instance that gives a segment back while
 * that segment's policy is slower than the lease keeps every other lease it holds, and the segment
 * moves only once its notification is saved; an instance cut off from the database past its leases
 * gets its share back when it returns, each segment moving once. Subclasses name the database.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class LeasedFollowerRebalanceContract {
  private static final int SEGMENTS = 4;
  private static final Duration LEASE = Duration.ofSeconds(1);
  private static final Duration ROUND = Duration.ofMillis(300);

  private DatabaseServer server;
  private String prefix;
  private Application source;
  private WorldRepository worlds;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<Application> mirrors = new ArrayList<>();
  private final List<LeasedFollower> followers = new ArrayList<>();
  private final List<ProcessApplication> processes = new ArrayList<>();
  /** How many times a policy ran for each notification id, in any instance. */
  private final Map<Long, AtomicInteger> runs = new ConcurrentHashMap<>();

  /** How long the policy takes on a notification of a "slow" happening: three leases. */
  private long slowMillis = 3000;

  private final CountDownLatch slowStarted = new CountDownLatch(1);
  private final AtomicLong slowEnded = new AtomicLong();

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_lrebal");
    source = Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix + "source_"))
        .build();
    worlds = WorldRepository.of(source);
  }

  @AfterEach
  void close() {
    for (LeasedFollower follower : followers) {
      try {
        follower.stop();
      } catch (RuntimeException e) {
        // the test has failed already if a segment failed
      }
    }
    mirrors.forEach(Application::close);
    pools.forEach(HikariDataSource::close);
    if (source != null) {
      source.close();
    }
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  @Test
  void aSegmentGivenBackDuringASlowNotificationCostsNoOtherLease() throws Exception {
    for (int segment = 0; segment < SEGMENTS; segment++) {
      save(segment, "before");
    }
    LeasedFollower a = start("a", new Cutoff(pool()));
    awaitThat(() -> a.held().size() == SEGMENTS, Duration.ofSeconds(15));
    Map<Integer, Long> tokens = a.held();
    long slowAt = save(SEGMENTS - 1, "slow");
    assertThat(slowStarted.await(15, TimeUnit.SECONDS))
        .as("the slow policy started")
        .isTrue();

    // Watches a's leases and when b first holds the slow segment, from now until the end.
    Set<String> violations = Collections.synchronizedSet(new LinkedHashSet<>());
    AtomicLong bHoldsSlow = new AtomicLong();
    AtomicLong aGaveBack2 = new AtomicLong();
    AtomicBoolean watching = new AtomicBoolean(true);
    List<LeasedFollower> bOnly = new CopyOnWriteArrayList<>();
    Thread watcher = new Thread(() -> {
      while (watching.get()) {
        Map<Integer, Long> held = a.held();
        for (Map.Entry<Integer, Long> lease : held.entrySet()) {
          if (!lease.getValue().equals(tokens.get(lease.getKey()))) {
            violations.add("a holds " + lease + ", not its first token " + tokens);
          }
        }
        if (!held.containsKey(2) && aGaveBack2.get() == 0) {
          aGaveBack2.set(System.nanoTime());
        }
        if (!held.containsKey(0) || !held.containsKey(1)) {
          violations.add("a holds " + held + ", without segment 0 or 1");
        }
        if (!bOnly.isEmpty()
            && bOnly.get(0).held().containsKey(SEGMENTS - 1)
            && bHoldsSlow.get() == 0) {
          bHoldsSlow.set(System.nanoTime());
        }
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    watcher.start();
    try {
      LeasedFollower b = start("b", new Cutoff(pool()));
      bOnly.add(b);
      long joined = System.nanoTime();
      // Work on segment 0 goes on meanwhile; segments 1 and 2 are idle, so only a's rounds renew
      // their leases (a save's fence extends its lease too).
      List<Long> during = new ArrayList<>();
      while (slowEnded.get() == 0) {
        during.add(save(0, "during"));
        Thread.sleep(100);
      }
      awaitThat(() -> a.held().size() == 2 && b.held().size() == 2, Duration.ofSeconds(15));
      long balanced = System.nanoTime();
      assertThat(violations).as("a's leases other than those it gave back").isEmpty();
      assertThat(b.held().keySet()).isEqualTo(Set.of(2, 3));
      long last = 0;
      for (int segment = 0; segment < SEGMENTS; segment++) {
        last = save(segment, "after");
      }
      ProcessApplication process = processOf(0);
      assertThat(process.awaitProcessed("source", last, Duration.ofSeconds(20))).isTrue();
      watching.set(false);
      watcher.join();

      assertThat(violations).as("a's leases other than those it gave back").isEmpty();
      assertThat(a.held()).isEqualTo(Map.of(0, tokens.get(0), 1, tokens.get(1)));
      assertThat(bHoldsSlow.get())
          .as("b held the slow segment, only after its notification was processed")
          .isGreaterThan(slowEnded.get());
      assertThat(aGaveBack2.get())
          .as("a gave segment 2 back only after segment 3's notification: one at a time")
          .isGreaterThan(slowEnded.get());
      assertThat(runs.get(slowAt).get()).as("runs of the slow notification").isEqualTo(1);
      assertExactlyOnce(last);
      assertThat(during).isNotEmpty();
      System.out.printf(
          "%s: a kept segments 0 and 1 with their tokens while it gave back segment 3 during a"
              + " %d ms notification (lease %d ms); balanced %d ms after b joined, %d notifications"
              + " processed once each%n",
          server.kind().displayName(),
          slowMillis,
          LEASE.toMillis(),
          TimeUnit.NANOSECONDS.toMillis(balanced - joined),
          runs.size());
    } finally {
      watching.set(false);
      watcher.join();
    }
  }

  @Test
  void stopDuringANotificationSlowerThanTheLeaseSavesItThenReleasesEveryLease() throws Exception {
    slowMillis = 2000; // two leases, within the ten rounds that stop() waits
    LeasedFollower a = start("a", new Cutoff(pool()));
    awaitThat(() -> a.held().size() == SEGMENTS, Duration.ofSeconds(15));
    long slowAt = save(SEGMENTS - 1, "slow");
    assertThat(slowStarted.await(15, TimeUnit.SECONDS))
        .as("the slow policy started")
        .isTrue();
    long stopping = System.nanoTime();
    a.stop();
    long stopped = System.nanoTime();
    assertThat(stopped)
        .as("stop() returned after the slow notification")
        .isGreaterThan(slowEnded.get());
    assertThat(holders()).as("live leases after stop()").isEmpty();
    assertThat(processOf(0).hasProcessed("source", slowAt))
        .as("the slow notification, saved under a's lease")
        .isTrue();
    LeasedFollower b = start("b", new Cutoff(pool()));
    awaitThat(() -> b.held().size() == SEGMENTS, Duration.ofSeconds(15));
    long last = 0;
    for (int segment = 0; segment < SEGMENTS; segment++) {
      last = save(segment, "after");
    }
    assertThat(processOf(1).awaitProcessed("source", last, Duration.ofSeconds(20)))
        .isTrue();
    assertExactlyOnce(last);
    System.out.printf(
        "%s: stop() during a %d ms notification (lease %d ms) took %d ms, and released every"
            + " lease%n",
        server.kind().displayName(),
        slowMillis,
        LEASE.toMillis(),
        TimeUnit.NANOSECONDS.toMillis(stopped - stopping));
  }

  @Test
  void anInstanceWithTwoSegmentsCutOffPastItsLeasesGetsItsShareBackEachSegmentMovingOnce()
      throws Exception {
    cutOffAndBack("a");
  }

  @Test
  void anInstanceWithOneSegmentCutOffPastItsLeasesGetsItsShareBackEachSegmentMovingOnce()
      throws Exception {
    cutOffAndBack("c");
  }

  /**
   * Three instances share four segments (a holds two, b and c one each); {@code victim} is cut off
   * from the database until the others have taken its segments over, and a lease longer, then it
   * comes back. Each of its segments must move once to the others, and as many back: no segment
   * moves more than twice, and nothing moves once the shares are right again.
   */
  private void cutOffAndBack(String victim) throws Exception {
    Map<String, Cutoff> links = new LinkedHashMap<>();
    Map<String, LeasedFollower> followers = new LinkedHashMap<>();
    for (String instance : List.of("a", "b", "c")) {
      links.put(instance, new Cutoff(pool()));
      followers.put(instance, start(instance, links.get(instance)));
      if (instance.equals("a")) {
        // a first, alone: it claims every segment, then gives back to b and c as they join.
        awaitThat(() -> followers.get("a").held().size() == SEGMENTS, Duration.ofSeconds(15));
      }
    }
    Map<String, Integer> shares = Map.of("a", 2, "b", 1, "c", 1);
    awaitThat(() -> heldCounts().equals(shares), Duration.ofSeconds(20));
    long saved = 0;
    for (int segment = 0; segment < SEGMENTS; segment++) {
      saved = save(segment, "before");
    }
    assertThat(processOf(0).awaitProcessed("source", saved, Duration.ofSeconds(20)))
        .isTrue();
    Map<Integer, String> before = holders();
    int victimHeld = shares.get(victim);

    Mover mover = new Mover(before);
    mover.start();
    try {
      links.get(victim).cut();
      long cut = System.nanoTime();
      awaitThat(
          () -> {
            Map<Integer, String> now = holders();
            return now.size() == SEGMENTS && !now.containsValue(victim);
          },
          Duration.ofSeconds(15));
      long takenOver = System.nanoTime();
      awaitThat(() -> mover.moves() >= victimHeld, Duration.ofSeconds(5));
      int movesAway = mover.moves();
      // Back a lease later: its own rounds find its leases and presence gone.
      Thread.sleep(LEASE.toMillis());
      links.get(victim).restore();
      long back = System.nanoTime();
      awaitThat(() -> heldCounts().equals(shares), Duration.ofSeconds(20));
      long balanced = System.nanoTime();
      // Rounds after the balance move nothing.
      Thread.sleep(ROUND.toMillis() * 5);
      mover.stop();
      long last = 0;
      for (int segment = 0; segment < SEGMENTS; segment++) {
        last = save(segment, "after");
      }
      assertThat(processOf(0).awaitProcessed("source", last, Duration.ofSeconds(20)))
          .isTrue();
      shares.forEach((instance, share) ->
          assertThat(followers.get(instance).held()).as("held by %s", instance).hasSize(share));
      assertExactlyOnce(last);
      System.out.printf(
          "%s: %s (%d of %d segments) cut off: taken over after %d ms (lease %d ms, %d moves);"
              + " back %d ms later: balanced %d ms after its return, with %d moves; holders by"
              + " segment %s%n",
          server.kind().displayName(),
          victim,
          victimHeld,
          SEGMENTS,
          TimeUnit.NANOSECONDS.toMillis(takenOver - cut),
          LEASE.toMillis(),
          movesAway,
          TimeUnit.NANOSECONDS.toMillis(back - takenOver),
          TimeUnit.NANOSECONDS.toMillis(balanced - back),
          mover.moves() - movesAway,
          mover.history());
      assertThat(movesAway).as("moves while %s was cut off", victim).isEqualTo(victimHeld);
      assertThat(mover.moves() - movesAway)
          .as("moves after %s came back: %s", victim, mover.history())
          .isEqualTo(victimHeld);
      assertThat(mover.maxMovesOfOneSegment())
          .as("moves of any one segment: %s", mover.history())
          .isLessThanOrEqualTo(2);
    } finally {
      mover.stop();
    }
  }

  /** Every notification up to {@code last} had its policy run exactly once, and is tracked. */
  private void assertExactlyOnce(long last) {
    Map<Long, Integer> notOnce = new HashMap<>();
    for (long id = 1; id <= last; id++) {
      AtomicInteger count = runs.get(id);
      if (count == null || count.get() != 1) {
        notOnce.put(id, count == null ? 0 : count.get());
      }
    }
    assertThat(notOnce).as("policy runs of the notifications not run once").isEmpty();
    long tracked =
        server.queryLong("SELECT COUNT(*) FROM " + server.quote(prefix + "mirror_tracking")
            + " WHERE " + server.quote("upstream_name") + " = 'source'");
    assertThat(tracked).isEqualTo(last);
  }

  private LeasedFollower start(String instance, Cutoff dataSource) {
    Application mirror = Application.builder()
        .dataSource(dataSource)
        .tablePrefix(prefix + "mirror_")
        .build();
    mirrors.add(mirror);
    ProcessApplication process = ProcessApplication.builder("mirror", mirror)
        .follow("source", source.log())
        .policy((notification, unit) -> {
          runs.computeIfAbsent(notification.id(), id -> new AtomicInteger()).incrementAndGet();
          if (notification.event() instanceof World.SomethingHappened happened
              && happened.what().equals("slow")) {
            slowStarted.countDown();
            try {
              Thread.sleep(slowMillis);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            slowEnded.set(System.nanoTime());
          }
        })
        .build();
    processes.add(process);
    LeasedFollower follower = LeasedFollower.builder(process)
        .segments(SEGMENTS)
        .instance(instance)
        .leaseDuration(LEASE)
        .renewInterval(ROUND)
        .pollInterval(Duration.ofMillis(20))
        .build();
    followers.add(follower);
    return follower.start();
  }

  private ProcessApplication processOf(int instance) {
    return processes.get(instance);
  }

  /** Saves a world of {@code segment} with one happening; returns the position of its last. */
  private long save(int segment, String what) {
    World world;
    do {
      world = World.create();
    } while (LeasedFollower.segmentOf(world.id(), SEGMENTS) != segment);
    world.makeItSo(what);
    return worlds.save(world);
  }

  /** How many live leases each instance holds, by instance. */
  private Map<String, Integer> heldCounts() throws Exception {
    Map<String, Integer> counts = new HashMap<>();
    holders().values().forEach(holder -> counts.merge(holder, 1, Integer::sum));
    return counts;
  }

  /** The holders of the live leases of the segments, by segment. */
  private Map<Integer, String> holders() throws Exception {
    Map<Integer, String> holders = new LinkedHashMap<>();
    try (var connection = server.connect();
        var select = connection.prepareStatement("SELECT " + server.quote("segment") + ", "
            + server.quote("holder") + " FROM " + server.quote(prefix + "mirror_leases")
            + " WHERE " + server.quote("name") + " = 'mirror' AND " + server.quote("holder")
            + " IS NOT NULL AND " + server.quote("expires_us") + " > " + nowMicros()
            + " ORDER BY " + server.quote("segment"));
        var rows = select.executeQuery()) {
      while (rows.next()) {
        holders.put(rows.getInt(1), rows.getString(2));
      }
    }
    return holders;
  }

  private String nowMicros() {
    return switch (server.kind()) {
      case POSTGRES -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
      case MARIADB -> "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)";
      case H2 -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT)";
    };
  }

  private HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.url());
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  private static void awaitThat(Check condition, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.holds()) {
      assertThat(System.nanoTime() - deadline).as("waited %s in vain", timeout).isNegative();
      Thread.sleep(10);
    }
  }

  @FunctionalInterface
  private interface Check {
    boolean holds() throws Exception;
  }

  /**
   * Records, every few milliseconds, which instance holds each segment's live lease, and counts the
   * moves: a segment held by one instance, then by another (free or expired in between or not).
   */
  private final class Mover {
    private final Map<Integer, String> last;
    private final Map<Integer, List<String>> history = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread = new Thread(this::watch, "mover");

    Mover(Map<Integer, String> start) {
      this.last = new HashMap<>(start);
      start.forEach(
          (segment, holder) -> history.put(segment, new CopyOnWriteArrayList<>(List.of(holder))));
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    int moves() {
      return history.values().stream().mapToInt(h -> h.size() - 1).sum();
    }

    int maxMovesOfOneSegment() {
      return history.values().stream().mapToInt(h -> h.size() - 1).max().orElse(0);
    }

    Map<Integer, List<String>> history() {
      return Collections.unmodifiableMap(new TreeMap<>(history));
    }

    private void watch() {
      while (running.get()) {
        try {
          holders().forEach((segment, holder) -> {
            if (!holder.equals(last.get(segment))) {
              last.put(segment, holder);
              history
                  .computeIfAbsent(segment, s -> new CopyOnWriteArrayList<>())
                  .add(holder);
            }
          });
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  /** A pool that can be cut off from the database, and restored: a network partition. */
  private static final class Cutoff extends ForwardingDataSource {
    private volatile boolean cut;

    Cutoff(DataSource pool) {
      super(pool);
    }

    void cut() {
      cut = true;
    }

    void restore() {
      cut = false;
    }

    @Override
    protected void beforeBorrow() throws SQLException {
      if (cut) {
        throw new SQLTransientConnectionException("cut off from the database (test)", "08001");
      }
    }
  }
}
