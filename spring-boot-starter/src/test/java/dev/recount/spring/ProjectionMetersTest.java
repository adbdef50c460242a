package dev.recount.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.projection.ProjectionError;
import dev.recount.projection.ProjectionRunner;
import dev.recount.spring.shop.Cart;
import dev.recount.spring.shop.CartItems;
import dev.recount.spring.shop.CartRepository;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A projection runner's meters outside Spring (H2): they go to the registry of the application it
 * follows, or to the builder's; batches, notifications applied, failures and the status gauges
 * follow what the runner does; closing it removes them.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProjectionMetersTest {
  private static final String PREFIX = "pm_";

  private final MeterRegistry registry = new SimpleMeterRegistry();
  private DataSource dataSource;
  private Application app;
  private CartRepository carts;

  @BeforeEach
  void open() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:meters-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000");
    dataSource = h2;
    app = Application.builder()
        .dataSource(dataSource)
        .tablePrefix(PREFIX)
        .meterRegistry(registry)
        .build();
    carts = CartRepository.of(app);
  }

  @AfterEach
  void close() {
    app.close();
  }

  @Test
  void aRunnerReportsToTheRegistryOfTheApplicationItFollows() throws Exception {
    try (ProjectionRunner runner = ProjectionRunner.builder(new CartItems(PREFIX), dataSource)
        .follow(app)
        .tablePrefix(PREFIX)
        .batchSize(2)
        .build()) {
      Cart cart = Cart.open();
      cart.add("tea");
      cart.add("milk");
      cart.add("rice");
      // opened (not a topic of the projection), and three items: notifications 1 to 4
      long position = carts.save(cart);
      assertThat(runner.catchUp()).isEqualTo(3);
      assertThat(counter("recount.projection.events.applied")).isEqualTo(3);
      assertThat(registry
              .get("recount.projection.batches")
              .tags("projection", "cart-items", "outcome", "advanced")
              .timer()
              .count())
          .as("batches of 2")
          .isEqualTo(2);
      assertThat(gauge("recount.projection.position")).isEqualTo(position);
      assertThat(gauge("recount.projection.lag")).isZero();
      assertThat(gauge("recount.projection.rebuilding")).isZero();

      // A batch that fails: the read model's table is gone.
      execute("DROP TABLE " + runner.table(PREFIX + "cart_items"));
      Cart second = Cart.open();
      second.add("salt");
      long behind = carts.save(second);
      assertThatThrownBy(runner::catchUp).isInstanceOf(ProjectionError.class);
      assertThat(counter("recount.projection.failures")).isEqualTo(1);
      runner.status();
      assertThat(gauge("recount.projection.position")).isEqualTo(position);
      assertThat(gauge("recount.projection.lag")).isEqualTo(behind - position);
      assertThat(registry
              .get("recount.projection.lag.time")
              .tag("projection", "cart-items")
              .timeGauge()
              .value(TimeUnit.MILLISECONDS))
          .isGreaterThanOrEqualTo(0);

      // Rebuilt into a new generation: the gauge shows no rebuild once it is done, and the
      // position is the new generation's.
      runner.rebuild();
      assertThat(gauge("recount.projection.rebuilding")).isZero();
      assertThat(gauge("recount.projection.position")).isEqualTo(behind);
      assertThat(gauge("recount.projection.lag")).isZero();
    }
    assertThat(registry.find("recount.projection.position").gauges()).isEmpty();
    assertThat(registry.find("recount.projection.batches").timers()).isEmpty();
  }

  @Test
  void aRunnerFollowingALogReportsToTheBuildersRegistryOnly() {
    MeterRegistry own = new SimpleMeterRegistry();
    try (ProjectionRunner runner = ProjectionRunner.builder(new CartItems(PREFIX), dataSource)
        .follow(app.log())
        .tablePrefix(PREFIX)
        .meterRegistry(own)
        .build()) {
      Cart cart = Cart.open();
      cart.add("tea");
      carts.save(cart);
      runner.catchUp();
      assertThat(own.get("recount.projection.events.applied").counter().count()).isEqualTo(1);
      assertThat(registry.find("recount.projection.events.applied").counters()).isEmpty();
    }
  }

  @Test
  void aRunnerFollowingALogWithoutARegistryReportsNothing() {
    try (ProjectionRunner runner = ProjectionRunner.builder(new CartItems(PREFIX), dataSource)
        .follow(app.log())
        .tablePrefix(PREFIX)
        .build()) {
      Cart cart = Cart.open();
      cart.add("tea");
      carts.save(cart);
      assertThat(runner.catchUp()).isEqualTo(1);
      assertThat(registry.find("recount.projection.events.applied").counters()).isEmpty();
    }
  }

  /**
   * Closing a runner while its thread is in a batch: the batch ends, then the thread refreshes the
   * meters' status, which must not wait for the close that is waiting for the thread.
   */
  @Test
  void closingARunnerDuringABatchReturnsOnceTheBatchEnds() throws Exception {
    // Other runners of the same projection (a context's bean) may live in this JVM: this runner's
    // thread is the one of that name that was not there before it started.
    Set<Thread> before = threads("recount-projection-cart-items");
    ProjectionRunner runner = ProjectionRunner.builder(new CartItems(PREFIX), dataSource)
        .follow(app)
        .tablePrefix(PREFIX)
        .build()
        .start();
    Cart first = Cart.open();
    first.add("tea");
    assertThat(runner.awaitProcessed(carts.save(first), Duration.ofSeconds(20))).isTrue();
    Set<Thread> started = threads("recount-projection-cart-items");
    started.removeAll(before);
    assertThat(started).as("the runner's own thread").hasSize(1);
    Thread follower = started.iterator().next();
    try (Connection blocker = dataSource.getConnection();
        Statement statement = blocker.createStatement()) {
      // Holds the position's row, so the next batch waits in its compare-and-set.
      blocker.setAutoCommit(false);
      statement.execute("UPDATE " + PREFIX + "projections SET updated_at = 0");
      Cart second = Cart.open();
      second.add("milk");
      carts.save(second);
      awaitLockWait(follower);
      Thread.sleep(1_100); // the meters are due for a refresh when the batch ends
      Executor threads = command -> new Thread(command).start();
      CompletableFuture<Void> closing = CompletableFuture.runAsync(runner::close, threads);
      Thread.sleep(200); // close() is waiting for the thread
      CompletableFuture<Void> closingAgain = CompletableFuture.runAsync(runner::close, threads);
      // close() waits without the runner's monitor, which start() takes
      CompletableFuture<Void> starting = CompletableFuture.runAsync(runner::start, threads);
      assertThatThrownBy(() -> starting.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("was closed");
      Thread.sleep(200);
      assertThat(closingAgain).as("the second close waits for the first").isNotDone();
      blocker.rollback();
      closing.get(20, TimeUnit.SECONDS);
      closingAgain.get(20, TimeUnit.SECONDS);
    }
    assertThat(follower.isAlive()).isFalse();
  }

  private static Set<Thread> threads(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name) && thread.isAlive())
        .collect(Collectors.toCollection(HashSet::new));
  }

  /**
   * Waits until {@code thread} waits in H2 for a lock (H2's lock timeout is long enough): seen
   * waiting in H2 at ten looks in a row, 100 ms, since H2 also waits briefly on its own way.
   */
  private static void awaitLockWait(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    int seen = 0;
    while (seen < 10 && System.nanoTime() < deadline) {
      seen = inH2(thread) ? seen + 1 : 0;
      Thread.sleep(10);
    }
    assertThat(seen).as("%s waits for the lock", thread).isEqualTo(10);
  }

  private static boolean inH2(Thread thread) {
    return thread.getState() == Thread.State.TIMED_WAITING
        && Arrays.stream(thread.getStackTrace())
            .anyMatch(frame -> frame.getClassName().startsWith("org.h2."));
  }

  private double counter(String name) {
    return registry.get(name).tag("projection", "cart-items").counter().count();
  }

  private double gauge(String name) {
    return registry.get(name).tag("projection", "cart-items").gauge().value();
  }

  private void execute(String sql) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
