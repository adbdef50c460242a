package dev.recount.examples.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.examples.orders.Order;
import dev.recount.examples.orders.OrderRepository;
import dev.recount.process.LeasedFollower;
import dev.recount.testing.DatabaseServer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
  private final Instances children = new Instances();
  private LeaseWatch leases;
  private final List<Application> applications = new ArrayList<>();

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
  }

  @AfterEach
  void close() {
    children.close();
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
    leases.awaitAllHeld(segments, Duration.ofSeconds(20));
    leases.awaitBalanced(Math.min(segments, instances.size()), Duration.ofSeconds(10));
    Writer writer = writer(orders);
    writer.start();
    Thread.sleep(500);
    String victim = leases.holderOf(0, Duration.ofSeconds(10));
    long killed = System.nanoTime();
    children.get(victim).close();
    long takeover = leases.awaitHeldWithout(0, victim, Duration.ofSeconds(15)) - killed;
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
    children.stopAll();
    assertThat(leases.holders()).as("live leases after every instance stopped").isEmpty();
    finish();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aHolderPausedPastItsLeaseStoresNothingWithItOnceResumed() throws Exception {
    // The policy takes 5 ms, so the pause most likely comes while the holder is between its read
    // of a notification and its save: the save it makes on resuming is the late write.
    start(1, List.of("a", "b"), 5);
    Writer writer = writer(applications.get(0));
    writer.start();
    leases.awaitAllHeld(1, Duration.ofSeconds(20));
    Thread.sleep(300);
    LeaseWatch.Takeover takeover =
        leases.pauseHolderUntilTakenOver(children::get, LEASE_MILLIS, child -> {});
    LeaseWatch.Holder holder = takeover.paused();
    LeaseWatch.Holder successor = takeover.successor();
    long storedWithOldToken = countWithToken(holder.token());
    children.get(holder.holder()).signal("CONT");
    Thread.sleep(LEASE_MILLIS);
    writer.stop();
    awaitProcessed(writer.written.size(), Duration.ofSeconds(30));
    assertThat(countWithToken(holder.token()))
        .as(
            "effects stored under the paused holder's token %d after it was taken over",
            holder.token())
        .isEqualTo(storedWithOldToken);
    Map<UUID, List<Effect.Recorded>> effects = effects();
    assertThat(effects.keySet()).isEqualTo(writer.written);
    assertThat(effects.values()).allSatisfy(e -> assertThat(e).hasSize(1));
    System.out.printf(
        "%s: %s paused with token %d, %s took over with token %d; %d orders each processed once,"
            + " none under the old token after the takeover%n",
        server.kind().displayName(),
        holder.holder(),
        holder.token(),
        successor.holder(),
        successor.token(),
        writer.written.size());
    children.stopAll();
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
    leases = new LeaseWatch(server, prefix + "counter_leases", "counter");
    for (String instance : instances) {
      children.start(
          instance,
          LeasedCounter.class.getName(),
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

  /** Places an order every few milliseconds. */
  private static Writer writer(Application orders) {
    OrderRepository repository = OrderRepository.of(orders);
    return new Writer(() -> {
      Order order = Order.create("Ada", BigDecimal.TEN);
      repository.save(order);
      return order.id();
    });
  }

  private void finish() {
    children.close();
    applications.forEach(Application::close);
    applications.clear();
    server.drop(prefix);
    prefix = null;
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
    return Effects.byOrder(applications.get(1).log());
  }
}
