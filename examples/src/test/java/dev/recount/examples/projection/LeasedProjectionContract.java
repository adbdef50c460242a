package dev.recount.examples.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.testing.ForwardingDataSource;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.jooq.Recorders;
import dev.recount.process.LeasedFollower;
import dev.recount.projection.ProjectionRunner;
import dev.recount.testing.DatabaseServer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two instances of one projection, each with a connection pool of its own (as in two JVMs), sharing
 * its two segments through leases while a writer writes: each works on one segment; one that dies
 * loses its segment to the other within the lease's duration; one that stalled past its lease
 * commits nothing under it. Each test compares the read model with what folding the whole log
 * gives, so an event missed or applied twice fails it (the projection counts happenings).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LeasedProjectionContract {
  private static final Duration LEASE = Duration.ofMillis(1500);

  private DatabaseServer server;
  private String prefix;
  private Application app;
  private WorldRepository worlds;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final List<ProjectionRunner> runners = new ArrayList<>();
  private final AtomicBoolean writing = new AtomicBoolean(true);
  private final AtomicLong saved = new AtomicLong();
  private final ExecutorService writer = Executors.newSingleThreadExecutor();
  private Future<?> writes;

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_lproj");
    app = Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix))
        .build();
    worlds = WorldRepository.of(app);
  }

  @AfterEach
  void close() throws Exception {
    writing.set(false);
    writer.shutdown();
    writer.awaitTermination(10, TimeUnit.SECONDS);
    runners.forEach(ProjectionRunner::close);
    pools.forEach(HikariDataSource::close);
    if (app != null) {
      app.close();
    }
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  @Test
  void twoInstancesEachWorkOnASegmentAndApplyEveryEventOnce() throws Exception {
    WorldHistories.saveWorlds(worlds, 20, 5);
    ProjectionRunner a = start(pool(), "a");
    ProjectionRunner b = start(pool(), "b");
    startWriting();
    awaitThat(() -> a.held().size() == 1 && b.held().size() == 1, Duration.ofSeconds(10));
    assertThat(a.status().held()).doesNotContainAnyElementsOf(b.status().held());
    assertThat(a.status().segments()).isEqualTo(2);
    writeOn(100);
    long last = stopWriting();
    assertThat(a.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
    assertThat(b.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
    Set<Integer> both = new HashSet<>(a.held().keySet());
    both.addAll(b.held().keySet());
    assertThat(both).containsExactlyInAnyOrder(0, 1);
    assertThat(readModel(a)).isEqualTo(foldedLog());
    assertThat(a.status().lastError()).isNull();
  }

  @Test
  void theSegmentOfAnInstanceThatDiedIsTakenOverWithinTheLeaseDuration() throws Exception {
    HikariDataSource dying = pool();
    ProjectionRunner a = start(dying, "a");
    ProjectionRunner b = start(pool(), "b");
    startWriting();
    awaitThat(() -> a.held().size() == 1 && b.held().size() == 1, Duration.ofSeconds(10));
    writeOn(50);
    // Its pool closed, the instance can neither apply, renew nor release: as if it had died.
    dying.close();
    long died = System.nanoTime();
    awaitThat(() -> b.held().size() == 2, Duration.ofSeconds(15));
    Duration takeover = Duration.ofNanos(System.nanoTime() - died);
    System.out.println("takeover after " + takeover.toMillis() + " ms (lease " + LEASE + ")");
    // the lease, a renewal round (a third of it) and some slack for a loaded machine
    assertThat(takeover).isLessThan(LEASE.plus(LEASE.dividedBy(3)).plusSeconds(2));
    writeOn(50);
    long last = stopWriting();
    assertThat(b.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
    assertThat(readModel(b)).isEqualTo(foldedLog());
  }

  @Test
  void closeDuringABatchSlowerThanTheLeaseCommitsItThenReleases() throws Exception {
    SlowWorldHistoryProjection slow = new SlowWorldHistoryProjection(prefix, 2500);
    ProjectionRunner a = ProjectionRunner.builder(slow, pool())
        .follow(app)
        .tablePrefix(prefix)
        .pollInterval(Duration.ofMillis(100))
        .leased(LEASE)
        .segments(2)
        .instance("a")
        .build();
    runners.add(a);
    a.start();
    awaitThat(() -> a.held().size() == 2, Duration.ofSeconds(10));
    World world = World.create();
    world.makeItSo("slow");
    long slowAt = worlds.save(world);
    assertThat(slow.slowStarted.await(15, TimeUnit.SECONDS)).isTrue();
    // The batch takes longer than what is left of the lease: close() must keep renewing it.
    a.close();
    String table = prefix + "slow_history_g1";
    assertThat(server.queryLong("SELECT COUNT(*) FROM " + table + " WHERE happenings = 1"))
        .as("the slow batch, committed under a's lease")
        .isEqualTo(1);
    ProjectionRunner b = ProjectionRunner.builder(slow, pool())
        .follow(app)
        .tablePrefix(prefix)
        .pollInterval(Duration.ofMillis(100))
        .leased(LEASE)
        .segments(2)
        .instance("b")
        .build();
    runners.add(b);
    b.start();
    awaitThat(() -> b.held().size() == 2, Duration.ofSeconds(10));
    assertThat(b.awaitProcessed(slowAt, Duration.ofSeconds(20))).isTrue();
    assertThat(slow.slowApplied.get())
        .as("times the slow happening was applied")
        .isEqualTo(1);
  }

  @Test
  void aSegmentGivenBackDuringASlowBatchMovesOnceItsBatchHasCommitted() throws Exception {
    SlowWorldHistoryProjection slow = new SlowWorldHistoryProjection(prefix, 2500);
    ProjectionRunner a = startSlow(slow, "a");
    awaitThat(() -> a.held().size() == 2, Duration.ofSeconds(10));
    Map<Integer, Long> tokens = a.held();
    World world;
    do {
      world = World.create();
    } while (LeasedFollower.segmentOf(world.id(), 2) != 1);
    world.makeItSo("slow");
    long slowAt = worlds.save(world);
    assertThat(slow.slowStarted.await(15, TimeUnit.SECONDS)).isTrue();
    // b joins: a's share is one segment, and it gives back segment 1, whose batch is under way.
    ProjectionRunner b = startSlow(slow, "b");
    List<Map<Integer, Long>> seen = new ArrayList<>();
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4000);
    while (System.nanoTime() < until) {
      Map<Integer, Long> held = a.held();
      if (!held.get(0).equals(tokens.get(0))
          && (seen.isEmpty() || !seen.get(seen.size() - 1).equals(held))) {
        seen.add(held);
      }
      Thread.sleep(5);
    }
    awaitThat(() -> a.held().size() == 1 && b.held().size() == 1, Duration.ofSeconds(10));
    assertThat(seen).as("a's lease of segment 0, other than %s", tokens).isEmpty();
    assertThat(b.held().keySet()).containsExactly(1);
    assertThat(b.awaitProcessed(slowAt, Duration.ofSeconds(20))).isTrue();
    assertThat(slow.slowApplied.get())
        .as("times the slow happening was applied")
        .isEqualTo(1);
  }

  private ProjectionRunner startSlow(SlowWorldHistoryProjection slow, String instance) {
    ProjectionRunner runner = ProjectionRunner.builder(slow, pool())
        .follow(app)
        .tablePrefix(prefix)
        .pollInterval(Duration.ofMillis(100))
        .leased(LEASE)
        .segments(2)
        .instance(instance)
        .build();
    runners.add(runner);
    return runner.start();
  }

  @Test
  void aBatchSlowerThanTheLeaseCostsNoOtherLease() throws Exception {
    SlowWorldHistoryProjection slow = new SlowWorldHistoryProjection(prefix, 2500);
    ProjectionRunner a = ProjectionRunner.builder(slow, pool())
        .follow(app)
        .tablePrefix(prefix)
        .pollInterval(Duration.ofMillis(100))
        .leased(LEASE)
        .segments(2)
        .instance("a")
        .build();
    runners.add(a);
    a.start();
    awaitThat(() -> a.held().size() == 2, Duration.ofSeconds(10));
    Map<Integer, Long> tokens = a.held();
    World world;
    do {
      world = World.create();
    } while (LeasedFollower.segmentOf(world.id(), 2) != 1);
    world.makeItSo("slow");
    long slowAt = worlds.save(world);
    assertThat(slow.slowStarted.await(15, TimeUnit.SECONDS)).isTrue();
    // Segment 0 is idle: only the rounds renew its lease.
    List<Map<Integer, Long>> changed = new ArrayList<>();
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4000);
    while (System.nanoTime() < until) {
      Map<Integer, Long> held = a.held();
      if (!held.equals(tokens)
          && (changed.isEmpty() || !changed.get(changed.size() - 1).equals(held))) {
        changed.add(held);
      }
      Thread.sleep(5);
    }
    assertThat(a.awaitProcessed(slowAt, Duration.ofSeconds(20))).isTrue();
    assertThat(changed).as("a's leases, other than %s", tokens).isEmpty();
    assertThat(slow.slowApplied.get())
        .as("times the slow happening was applied")
        .isEqualTo(1);
  }

  @Test
  void anInstanceThatStalledPastItsLeaseCommitsNothingUnderIt() throws Exception {
    Gate stalling = new Gate(pool());
    ProjectionRunner a = start(stalling, "a");
    startWriting();
    awaitThat(() -> a.held().size() == 2, Duration.ofSeconds(10));
    writeOn(20);
    Map<Integer, Long> before = a.held();
    // A pause (a long GC, a partition) past the lease: another instance takes both segments and
    // applies what is written meanwhile, then leaves.
    stalling.close();
    ProjectionRunner b = start(pool(), "b");
    awaitThat(() -> b.held().size() == 2, Duration.ofSeconds(15));
    writeOn(50);
    assertThat(b.awaitProcessed(saved.get(), Duration.ofSeconds(20))).isTrue();
    b.close();
    writeOn(20);
    // The stalled instance resumes with batches read before the pause: its stale leases are
    // refused (by the fence in its batch or by its renewal), it claims the segments anew, with
    // larger tokens, and goes on from where the other left off.
    stalling.open();
    awaitThat(
        () -> a.held().size() == 2
            && a.held().get(0) > before.get(0)
            && a.held().get(1) > before.get(1),
        Duration.ofSeconds(15));
    long last = stopWriting();
    assertThat(a.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
    assertThat(readModel(a)).isEqualTo(foldedLog());
  }

  @Test
  void oneInstanceRebuildsEverySegmentWhileWritersWriteAndTheOtherMovesToTheNewGeneration()
      throws Exception {
    WorldHistories.saveWorlds(worlds, 20, 5);
    ProjectionRunner a = start(pool(), "a");
    ProjectionRunner b = start(pool(), "b");
    startWriting();
    awaitThat(() -> a.held().size() == 1 && b.held().size() == 1, Duration.ofSeconds(10));
    writeOn(30);
    String before = a.table(prefix + "world_history");
    assertThat(a.rebuild().number()).isEqualTo(2);
    assertThat(a.table(prefix + "world_history")).isNotEqualTo(before);
    writeOn(30);
    long last = stopWriting();
    assertThat(a.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
    // b notices the switch at its next batch (its compare-and-set finds no row)
    awaitThat(() -> b.generation().number() == 2, Duration.ofSeconds(10));
    assertThat(b.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
    assertThat(readModel(a)).isEqualTo(foldedLog());
    assertThat(a.status().rebuilding()).isZero();
    assertThat(a.status().lastError()).isNull();
    // the rebuild's lease was given back: the other instance may rebuild next
    assertThat(b.rebuild().number()).isEqualTo(3);
    assertThat(a.awaitProcessed(last, Duration.ofSeconds(20))).isTrue();
    assertThat(readModel(b)).isEqualTo(foldedLog());
  }

  @Test
  void aRebuildIsRefusedWhileAnotherInstanceHoldsTheRebuildLease() throws Exception {
    ProjectionRunner a = start(pool(), "a");
    // Another instance's rebuild under way: its lease, claimed as RebuildLease does.
    assertThat(Recorders.leases(pool(), prefix).claim("world-history:rebuild", 0, "b", 60_000))
        .isPositive();
    assertThatThrownBy(a::rebuild)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("being rebuilt by another instance");
    assertThat(a.generation().number()).isEqualTo(1);
  }

  @Test
  void segmentsCannotChange() {
    start(pool(), "a");
    ProjectionRunner three = ProjectionRunner.builder(new WorldHistoryProjection(prefix), pool())
        .follow(app)
        .tablePrefix(prefix)
        .leased(LEASE)
        .segments(3)
        .build();
    runners.add(three);
    assertThatThrownBy(three::position)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("has 2 segment(s)");
    assertThatThrownBy(() -> ProjectionRunner.builder(new WorldHistoryProjection(prefix), pool())
            .follow(app)
            .segments(2)
            .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("leased");
  }

  private ProjectionRunner start(DataSource dataSource, String instance) {
    ProjectionRunner runner = ProjectionRunner.builder(
            new WorldHistoryProjection(prefix), dataSource)
        .follow(app)
        .tablePrefix(prefix)
        .batchSize(20)
        .pollInterval(Duration.ofMillis(100))
        .leased(LEASE)
        .segments(2)
        .instance(instance)
        .build();
    runners.add(runner);
    return runner.start();
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

  private void startWriting() {
    writes = writer.submit(() -> {
      int i = 0;
      while (writing.get()) {
        World world = World.create();
        world.makeItSo("written " + i++);
        world.makeItSo("and again");
        saved.set(worlds.save(world));
        Thread.sleep(3);
      }
      return null;
    });
  }

  /** Waits until the writer has saved {@code more} notifications. */
  private void writeOn(long more) throws InterruptedException {
    long until = saved.get() + more;
    while (saved.get() < until) {
      assertThat(writes.isDone()).as("the writer stopped").isFalse();
      Thread.sleep(5);
    }
  }

  private long stopWriting() throws Exception {
    writing.set(false);
    writes.get();
    return app.log().maxId();
  }

  private static void awaitThat(BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(20);
    }
  }

  /** The whole read model, by world id. */
  private Map<String, WorldHistoryProjection.Row> readModel(ProjectionRunner runner) {
    return WorldHistories.readModel(
        pools.get(pools.size() - 1), runner.table(prefix + "world_history"));
  }

  private Map<String, WorldHistoryProjection.Row> foldedLog() {
    return WorldHistories.folded(app.log());
  }

  /**
   * A real pool whose connections are not handed out while it is closed: an instance stalled (a
   * long pause, a network partition) without dying. What it holds already stays usable.
   */
  private static final class Gate extends ForwardingDataSource {
    private boolean closed;

    Gate(DataSource pool) {
      super(pool);
    }

    synchronized void close() {
      closed = true;
    }

    synchronized void open() {
      closed = false;
      notifyAll();
    }

    @Override
    protected synchronized void beforeBorrow() throws SQLException {
      while (closed) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new SQLException("interrupted while stalled", e);
        }
      }
    }
  }
}
