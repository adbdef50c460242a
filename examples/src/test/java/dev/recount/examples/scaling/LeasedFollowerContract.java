package dev.recount.examples.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.examples.orders.Order;
import dev.recount.examples.orders.OrderRepository;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import dev.recount.process.LeasedFollower;
import dev.recount.testing.ChildJvm;
import dev.recount.testing.DatabaseServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Instances of one process application in JVMs of their own, sharing its segments through leases in
 * the database while a writer in the test's JVM places orders: every order gets exactly one effect
 * whatever the number of segments, an instance killed with SIGKILL has its segments taken over, and
 * one paused with SIGSTOP past its lease's expiry stores nothing more with its old lease once
 * resumed. Subclasses name the database.
 */
abstract class LeasedFollowerContract {
  /** Short, so that a test waits little for a dead instance's leases to run out. */
  static final long LEASE_MILLIS = 1000;

  DatabaseServer server;
  String prefix;
  private final List<ChildJvm> children = new ArrayList<>();
  private final List<Application> applications = new ArrayList<>();

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
  }

  @AfterEach
  void close() {
    children.forEach(ChildJvm::close);
    applications.forEach(Application::close);
    if (prefix != null) {
      server.drop(prefix);
    }
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
    Application orders = applications.get(0);
    awaitAllHeld(segments, Duration.ofSeconds(20));
    awaitBalanced(Math.min(segments, instances.size()), Duration.ofSeconds(10));
    Writer writer = new Writer(orders);
    writer.start();
    Thread.sleep(500);
    String victim = holderOfSegment0(Duration.ofSeconds(10));
    long killed = System.nanoTime();
    child(victim).close();
    long takeover = awaitHeldWithout(0, victim, Duration.ofSeconds(15)) - killed;
    Thread.sleep(300);
    writer.stop();
    awaitProcessed(writer.written.size(), Duration.ofSeconds(30));
    Map<UUID, List<Effect.Recorded>> effects = effects();
    assertThat(effects.keySet()).as("orders with effects").isEqualTo(writer.written);
    assertThat(effects.values())
        .as("effects per order")
        .allSatisfy(e -> assertThat(e).hasSize(1));
    Map<String, Integer> byInstance = new HashMap<>();
    effects.values().forEach(e -> byInstance.merge(e.get(0).instance(), 1, Integer::sum));
    System.out.printf(
        "%s, %d segment(s): %d orders, each processed once (%s); instance %s killed, its segment"
            + " 0 taken over after %d ms (lease %d ms)%n",
        server.kind().displayName(),
        segments,
        writer.written.size(),
        byInstance,
        victim,
        TimeUnit.NANOSECONDS.toMillis(takeover),
        LEASE_MILLIS);
    for (int i = 0; i < segments; i++) {
      int segment = i;
      long positions =
          server.queryLong("SELECT COUNT(*) FROM " + server.quote(prefix + "counter_tracking")
              + " WHERE " + server.quote("upstream_name") + " = 'orders:"
              + segment + "/" + segments + "'");
      long expected = writer.written.stream()
          .filter(id -> LeasedFollower.segmentOf(id, segments) == segment)
          .count();
      assertThat(positions).as("tracking rows of segment %d", segment).isEqualTo(expected);
    }
    stopAll();
    assertThat(holders()).as("live leases after every instance stopped").isEmpty();
    finish();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHolderPausedPastItsLeaseStoresNothingWithItOnceResumed() throws Exception {
    // The policy takes 5 ms, so the pause most likely comes while the holder is between its read
    // of a notification and its save: the save it makes on resuming is the late write.
    start(1, List.of("a", "b"), 5);
    Writer writer = new Writer(applications.get(0));
    writer.start();
    awaitAllHeld(1, Duration.ofSeconds(20));
    Thread.sleep(300);
    Holder holder = null;
    Holder successor = null;
    for (int attempt = 0; attempt < 3 && successor == null; attempt++) {
      awaitAllHeld(1, Duration.ofSeconds(10)); // after a resume, someone must hold it again
      holder = holders().get(0);
      ChildJvm paused = child(holder.holder);
      paused.signal("STOP");
      try {
        successor = awaitSuccessor(holder, Duration.ofMillis(LEASE_MILLIS * 4));
      } finally {
        if (successor == null) {
          // Paused inside its save's transaction: the lease's row stays locked, and nobody may
          // take it over until that transaction ends. Resume it and pause it again.
          paused.signal("CONT");
          Thread.sleep(200);
        }
      }
    }
    assertThat(successor).as("another instance took the lease over").isNotNull();
    long storedWithOldToken = countWithToken(holder.token);
    child(holder.holder).signal("CONT");
    Thread.sleep(LEASE_MILLIS);
    writer.stop();
    awaitProcessed(writer.written.size(), Duration.ofSeconds(30));
    assertThat(countWithToken(holder.token))
        .as(
            "effects stored under the paused holder's token %d after it was taken over",
            holder.token)
        .isEqualTo(storedWithOldToken);
    Map<UUID, List<Effect.Recorded>> effects = effects();
    assertThat(effects.keySet()).isEqualTo(writer.written);
    assertThat(effects.values()).allSatisfy(e -> assertThat(e).hasSize(1));
    System.out.printf(
        "%s: %s paused with token %d, %s took over with token %d; %d orders each processed once,"
            + " none under the old token after the takeover%n",
        server.kind().displayName(),
        holder.holder,
        holder.token,
        successor.holder,
        successor.token,
        writer.written.size());
    stopAll();
    finish();
  }

  private void start(int segments, List<String> instances, long pauseMillis) throws Exception {
    server = server().requireReachable(); // H2: a database of its own for each round
    prefix = DatabaseServer.newPrefix("ex_lease");
    Application orders = LeasedCounter.builder(
            server.url(), server.user(), server.password(), prefix + "orders_")
        .build();
    applications.add(orders);
    // Created here once, so that the instances do not race to create the tables.
    Application counter = LeasedCounter.builder(
            server.url(), server.user(), server.password(), prefix + "counter_")
        .build();
    applications.add(counter);
    dev.recount.process.Leases.of(counter, Duration.ofSeconds(1));
    for (String instance : instances) {
      children.add(ChildJvm.start(
          instance,
          LeasedCounter.class.getName(),
          server.url(),
          server.user() == null ? "-" : server.user(),
          server.password() == null ? "-" : server.password(),
          prefix,
          instance,
          Integer.toString(segments),
          Long.toString(LEASE_MILLIS),
          Long.toString(pauseMillis)));
    }
    for (ChildJvm child : children) {
      assertThat(child.expectLine(Duration.ofSeconds(120))).isEqualTo("ready");
    }
  }

  private ChildJvm child(String instance) {
    return children.get(List.of("a", "b", "c").indexOf(instance));
  }

  /**
   * Stops every instance still alive; each must end normally: a segment whose policy failed (or a
   * save refused for any reason but its fence) would make its {@code stop()} throw.
   */
  private void stopAll() throws InterruptedException {
    List<ChildJvm> alive =
        children.stream().filter(LeasedFollowerContract::isAlive).toList();
    alive.forEach(child -> child.send("stop"));
    for (ChildJvm child : alive) {
      assertThat(child.awaitExit(Duration.ofSeconds(20)))
          .as("exit code of an instance told to stop; stderr:%n%s", child.stderr())
          .isZero();
    }
  }

  private static boolean isAlive(ChildJvm child) {
    return ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false);
  }

  private void finish() {
    children.forEach(ChildJvm::close);
    children.clear();
    applications.forEach(Application::close);
    applications.clear();
    server.drop(prefix);
    prefix = null;
  }

  /** A live lease of a segment. */
  record Holder(int segment, String holder, long token) {}

  /** The live leases of the counter's segments, by segment. */
  private List<Holder> holders() throws Exception {
    List<Holder> holders = new ArrayList<>();
    try (var connection = server.connect();
        var select = connection.prepareStatement("SELECT " + server.quote("segment") + ", "
            + server.quote("holder") + ", " + server.quote("token") + " FROM "
            + server.quote(prefix + "counter_leases") + " WHERE " + server.quote("name")
            + " = 'counter' AND " + server.quote("holder") + " IS NOT NULL AND "
            + server.quote("expires_us") + " > " + nowMicros() + " ORDER BY "
            + server.quote("segment"));
        var rows = select.executeQuery()) {
      while (rows.next()) {
        holders.add(new Holder(rows.getInt(1), rows.getString(2), rows.getLong(3)));
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

  private void awaitAllHeld(int segments, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holders().size() < segments) {
      assertThat(System.nanoTime() - deadline).as("every segment held in time").isNegative();
      Thread.sleep(20);
    }
  }

  /**
   * The holder of segment 0, once it has one: a segment being given back has none between its
   * release and the other instance's claim.
   */
  private String holderOfSegment0(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Holder holder : holders()) {
        if (holder.segment == 0) {
          return holder.holder;
        }
      }
      assertThat(System.nanoTime() - deadline).as("segment 0 held in time").isNegative();
      Thread.sleep(10);
    }
  }

  /** Waits until {@code instances} different instances hold segments: the work is shared. */
  private void awaitBalanced(int instances, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holders().stream().map(Holder::holder).distinct().count() < instances) {
      assertThat(System.nanoTime() - deadline)
          .as("%d instances share the segments in time: %s", instances, holders())
          .isNegative();
      Thread.sleep(20);
    }
  }

  /** When segment {@code segment} is held by another than {@code gone}, in nanoTime. */
  private long awaitHeldWithout(int segment, String gone, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Holder holder : holders()) {
        if (holder.segment == segment && !holder.holder.equals(gone)) {
          return System.nanoTime();
        }
      }
      assertThat(System.nanoTime() - deadline).as("segment taken over in time").isNegative();
      Thread.sleep(5);
    }
  }

  /** The new holder of the paused holder's segment, or null if none took it in time. */
  private Holder awaitSuccessor(Holder paused, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      for (Holder holder : holders()) {
        if (holder.segment == paused.segment && holder.token > paused.token) {
          return holder;
        }
      }
      Thread.sleep(10);
    }
    return null;
  }

  private long countWithToken(long token) {
    return effects().values().stream()
        .flatMap(List::stream)
        .filter(effect -> effect.token() == token)
        .count();
  }

  private void awaitProcessed(int orders, Duration timeout) throws Exception {
    String count = "SELECT COUNT(*) FROM " + server.quote(prefix + "counter_tracking") + " WHERE "
        + server.quote("upstream_name") + " = 'orders'";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (server.queryLong(count) < orders) {
      assertThat(System.nanoTime() - deadline)
          .as("all %d orders processed in time (%d so far)", orders, server.queryLong(count))
          .isNegative();
      Thread.sleep(50);
    }
  }

  /** Every effect stored, by order. */
  private Map<UUID, List<Effect.Recorded>> effects() {
    Map<UUID, List<Effect.Recorded>> effects = new HashMap<>();
    NotificationLogReader reader = new NotificationLogReader(applications.get(1).log());
    List<Notification> page;
    while (!(page = reader.readPage()).isEmpty()) {
      for (Notification notification : page) {
        Effect.Recorded effect = (Effect.Recorded) notification.event();
        effects.computeIfAbsent(effect.order(), id -> new ArrayList<>()).add(effect);
      }
    }
    return effects;
  }

  /** Places orders, one every few milliseconds, until stopped. */
  static final class Writer {
    final Set<UUID> written = ConcurrentHashMap.newKeySet();
    private final Application orders;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    Writer(Application orders) {
      this.orders = orders;
      this.thread = new Thread(this::write, "writer");
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join();
    }

    private void write() {
      OrderRepository repository = OrderRepository.of(orders);
      while (running.get()) {
        Order order = Order.create("Ada", BigDecimal.TEN);
        repository.save(order);
        written.add(order.id());
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }
}
