package dev.recount.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.ProcessSystem;
import dev.recount.process.ProcessingUnit;
import dev.recount.process.Runner;
import dev.recount.process.RunnerError;
import dev.recount.spring.shop.Cart;
import dev.recount.spring.shop.CartRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The health indicator with a runner in the context: a follower ("audit", following "tills") within
 * {@code recount.health.max-follower-lag} (3 here) is UP, one further behind is OUT_OF_SERVICE with
 * its lag, and one whose policy failed is DOWN. The tests run in order, since a failed follower
 * stays failed. Subclasses name the database and set the limit.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
// Closed after the class rather than cached to the JVM's exit, and only then are its tables
// dropped: its runners never read dropped tables, and no context is left to a shutdown hook.
@DirtiesContext
@ExtendWith(TablesAfterContext.class)
abstract class FollowerHealthContract {
  static final Gate GATE = new Gate();

  @Autowired
  HealthIndicator recountHealthIndicator;

  @Autowired
  Runner runner;

  @Autowired
  MeterRegistry meters;

  /** The runner of a leader and its follower, on the context's data source and meters. */
  @Configuration(proxyBeanMethods = false)
  static class Followers {
    @Bean
    Runner tillsAndAudit(DataSource dataSource, RecountProperties recount, MeterRegistry meters) {
      ProcessSystem system = ProcessSystem.builder()
          .application("tills")
          .application("audit", GATE::react)
          .pipe("tills", "audit")
          .build();
      return MultiThreadedRunner.builder(
              system,
              name -> Application.builder()
                  .dataSource(dataSource)
                  .tablePrefix(recount.getTablePrefix() + name + "_")
                  .meterRegistry(meters))
          .pollInterval(Duration.ofMillis(20))
          .build();
    }
  }

  /** The follower's policy: holds while closed, fails while failing, else does nothing. */
  static final class Gate {
    private volatile CountDownLatch open = new CountDownLatch(0);
    private volatile boolean failing;

    void close() {
      open = new CountDownLatch(1);
    }

    void open() {
      open.countDown();
    }

    void react(Notification notification, ProcessingUnit unit) {
      try {
        if (!open.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the test never opened the gate");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (failing) {
        throw new IllegalStateException("audit refuses notification " + notification.id());
      }
    }
  }

  @BeforeAll
  static void reset() {
    GATE.failing = false;
    GATE.open();
  }

  @AfterAll
  static void release() {
    GATE.open(); // so that the runner stops with the context
  }

  private long saveCart(int items) {
    Cart cart = Cart.open();
    for (int i = 0; i < items; i++) {
      cart.add("item " + i);
    }
    return CartRepository.of(runner.application("tills")).save(cart);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> audit(Health health) {
    Map<String, Object> followers = (Map<String, Object>) health.getDetails().get("followers");
    return (Map<String, Object>) ((Map<String, Object>) followers.get("audit")).get("tills");
  }

  @Test
  @Order(1)
  void aFollowerThatHasCaughtUpIsUp() throws InterruptedException {
    long position = saveCart(1);
    assertThat(runner.awaitProcessed("tills", position, Duration.ofSeconds(10))).isTrue();

    Health health = recountHealthIndicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(audit(health))
        .containsEntry("position", position)
        .containsEntry("head", position)
        .containsEntry("lag", 0L);
    assertThat(health.getDetails()).containsEntry("maxFollowerLag", 3L);
    assertThat(meters
            .get("recount.follower.lag")
            .tag("application", "audit")
            .gauge()
            .value())
        .isZero();
    assertThat(meters
            .get("recount.follower.position")
            .tag("upstream", "tills")
            .gauge()
            .value())
        .isEqualTo(position);
  }

  @Test
  @Order(2)
  void aFollowerFurtherBehindThanTheLimitIsOutOfServiceUntilItCatchesUp()
      throws InterruptedException {
    long before = runner.positions("audit").get("tills");
    GATE.close();
    long first = saveCart(0); // the follower holds on this one
    long position = saveCart(3); // 4 more events: 5 behind

    Health lagging = recountHealthIndicator.health();
    assertThat(lagging.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    assertThat(audit(lagging))
        .containsEntry("position", before)
        .containsEntry("head", position)
        .containsEntry("lag", position - first + 1);
    assertThat(position - first + 1).isEqualTo(5);
    assertThat(lagging.getDetails())
        .containsEntry("laggingFollowers", List.of("audit is 5 events behind tills"));

    GATE.open();
    assertThat(runner.awaitProcessed("tills", position, Duration.ofSeconds(10))).isTrue();
    Health caughtUp = recountHealthIndicator.health();
    assertThat(caughtUp.getStatus()).isEqualTo(Status.UP);
    assertThat(audit(caughtUp)).containsEntry("lag", 0L);
  }

  @Test
  @Order(3)
  void aFollowerThatFailedIsDown() throws InterruptedException {
    GATE.failing = true;
    long position = saveCart(0);
    assertThat(runner.awaitFailure(Duration.ofSeconds(10))).containsKey("audit");

    Health health = recountHealthIndicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
    assertThat(health.getDetails())
        .containsEntry(
            "failedApplications",
            Map.of(
                "audit",
                "audit failed to process notification " + position + " of tills:"
                    + " java.lang.IllegalStateException: audit refuses notification " + position));
    assertThat(audit(health)).containsEntry("lag", 1L);
  }

  @Test
  @Order(4)
  void aRunnerThatIsNotRunningHasNoFollowersToReport() {
    assertThatThrownBy(runner::stop).isInstanceOf(RunnerError.class);

    Health health = recountHealthIndicator.health();
    assertThat(health.getDetails())
        .doesNotContainKey("followers")
        .containsKey("failedApplications");
    assertThat(health.getStatus()).isEqualTo(Status.DOWN);
  }
}
