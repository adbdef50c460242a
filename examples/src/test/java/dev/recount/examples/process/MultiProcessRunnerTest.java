package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.PerApplication;
import dev.recount.examples.orders.OrdersExample;
import dev.recount.examples.orders.OrdersSystem;
import dev.recount.examples.testing.H2Server;
import dev.recount.examples.testing.Postgres;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.process.MultiProcessRunner;
import dev.recount.process.Runner;
import dev.recount.process.RunnerError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner that gives each application a JVM of its own, with real child processes: prompted
 * through the parent on H2 and through LISTEN/NOTIFY on PostgreSQL (polling is made too slow to
 * matter), failures reported, and a child that cannot start named.
 */
class MultiProcessRunnerTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @TempDir
  Path directory;

  private static MultiProcessRunner.Builder runner(
      String system, Map<String, String> environment, String h2Url) {
    return MultiProcessRunner.builder(
            TestSystems.system(system),
            PerApplication.settings(environment, h2Url),
            name -> TestSystems.command(system, name, h2Url))
        .childEnvironment(environment);
  }

  /** The children run the examples jar's {@code orders-child} command. */
  @Test
  void ordersOnH2ArePromptedThroughTheParentAndProcessedOnce() {
    try (H2Server h2 = new H2Server(directory)) {
      MultiProcessRunner runner = OrdersExample.processes(
              Map.of(), h2.urlPattern(), TestSystems.JVM_OPTIONS)
          .pollInterval(HOUR)
          .build();
      runner.start();
      try {
        assertThatThrownBy(runner::start)
            .isInstanceOf(IllegalStateException.class)
            .hasMessage("the runner is already running: start it once");

        OrdersExample.placeAndAwait(runner, 30, Duration.ofSeconds(60));
      } finally {
        runner.stop();
      }

      for (String application : OrdersSystem.system().names()) {
        assertThat(h2.count(application, "SELECT COUNT(*) FROM \"recount_tracking\""))
            .as("notifications %s processed", application)
            .isEqualTo(30);
        assertThat(h2.count(application, "SELECT COUNT(*) FROM \"recount_events\""))
            .as("events %s recorded", application)
            .isEqualTo(application.equals(OrdersSystem.ORDERS) ? 60 : 30);
      }
    }
  }

  @Test
  void ordersOnPostgresArePromptedByNotifyAndMayFollowThroughTheDatabase() {
    Postgres.assumeReachable();
    String prefix = Postgres.uniquePrefix("recproc");
    try {
      Runner runner = runner("orders", Postgres.environment(prefix), null)
          .pollInterval(HOUR)
          .followThroughDatabase(true)
          .build()
          .start();
      try {
        OrdersExample.placeAndAwait(runner, 30, Duration.ofSeconds(60));
      } finally {
        runner.stop();
      }
      for (String application : OrdersSystem.system().names()) {
        assertThat(Postgres.count("SELECT COUNT(*) FROM \"" + prefix + application + "_tracking\""))
            .as("notifications %s processed", application)
            .isEqualTo(30);
      }
      assertThat(Postgres.count("SELECT COUNT(*) FROM \"" + prefix + "payments_events\""))
          .isEqualTo(30);
    } finally {
      Postgres.dropTables(prefix);
    }
  }

  /** Here each child has an H2 file of its own, which the parent reaches through the child. */
  @Test
  void aFailingChildIsReportedWhileTheSystemRunsAndWhenItStops() throws Exception {
    String files = "jdbc:h2:file:" + directory.toAbsolutePath() + "/%s;AUTO_SERVER=TRUE";
    Runner runner =
        runner("failing", Map.of(), files).pollInterval(HOUR).build().start();
    World world = World.create();
    try {
      world.makeItSo(TestSystems.POISON);
      WorldRepository.of(runner.application("source")).save(world);

      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (runner.failures().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(runner.failures()).containsOnlyKeys("mirror");
      assertThat(runner.failures().get("mirror"))
          .hasMessageContaining("mirror failed to process notification 2 of source")
          .hasMessageContaining("cannot mirror poison");
    } finally {
      assertThatThrownBy(runner::stop)
          .isInstanceOf(RunnerError.class)
          .hasMessageStartingWith("the system stopped: 1 application failed\n  mirror: mirror"
              + " failed to process notification 2 of source");
    }
    // It processed the world's creation before the poison, and nothing after.
    try (Application mirror =
        PerApplication.settings(Map.of(), files).apply("mirror").build()) {
      assertThat(WorldRepository.of(mirror).get(world.id()).version()).isEqualTo(1);
      assertThat(mirror.log().maxId()).isEqualTo(1);
    }
  }

  @Test
  void theBuilderTakesOnlyPositiveDurations() {
    MultiProcessRunner.Builder builder = runner("failing", Map.of(), null);

    assertThatThrownBy(() -> builder.pollInterval(Duration.ofMillis(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the poll interval must be positive, not PT-0.005S");
    assertThatThrownBy(() -> builder.startTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the start timeout must be positive, not PT0S");
    assertThatThrownBy(() -> builder.stopTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the stop timeout must be positive, not PT0S");
    assertThatThrownBy(() -> MultiProcessRunner.builder(
            TestSystems.system("failing"), name -> Application.builder(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("commands");
  }

  @Test
  void aChildThatCannotStartFailsTheStartWithWhatItSaid() {
    Runner runner =
        runner("failing", Map.of("DB_URI", "jdbc:nonsense:here"), null).build();

    assertThatThrownBy(runner::start)
        .isInstanceOf(RunnerError.class)
        .hasMessageStartingWith(
            "could not start the system: 2 applications failed\n  source:" + " source (pid ")
        .hasMessageContaining("exited with code 1; the end of its standard error:")
        .hasMessageContaining(
            "DB_URI: 'jdbc:nonsense:here' names a database Recount does not" + " support");
    assertThatThrownBy(runner::start).hasMessageContaining("a runner runs once");
  }
}
