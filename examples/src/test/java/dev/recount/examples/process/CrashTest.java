package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.PerApplication;
import dev.recount.examples.testing.H2Server;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import dev.recount.process.MultiProcessRunner;
import dev.recount.process.Runner;
import dev.recount.process.RunnerError;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety with real processes: a follower JVM is killed with SIGKILL in the middle of a page
 * of notifications; started again, it resumes from its tracking records, and every upstream event
 * has been processed exactly once.
 */
class CrashTest {
  private static final int HAPPENINGS = 200;

  @TempDir
  Path directory;

  private H2Server h2;

  @BeforeEach
  void startDatabases() {
    h2 = new H2Server(directory);
  }

  @AfterEach
  void stopDatabases() {
    h2.close();
  }

  private MultiProcessRunner runner() {
    return MultiProcessRunner.builder(
            TestSystems.system("slow"),
            PerApplication.settings(Map.of(), h2.urlPattern()),
            name -> TestSystems.command("slow", name, h2.urlPattern()))
        .pollInterval(Duration.ofMillis(200))
        .build();
  }

  @Test
  void aFollowerKilledMidPageResumesAndProcessesEveryEventExactlyOnce() throws Exception {
    Runner first = runner().start();
    ProcessHandle counter = null;
    try {
      World world = World.create();
      for (int i = 1; i <= HAPPENINGS; i++) {
        world.makeItSo(Integer.toString(i));
      }
      WorldRepository.of(first.application("source")).save(world);

      // Each happening becomes two events of the counter's: kill it a fifth of the way in.
      Application counterLog = first.application("counter");
      await("the counter made progress", () -> counterLog.log().maxId() >= HAPPENINGS * 2 / 5);
      counter = child("counter");
      counter.destroyForcibly();
      assertThat(counter.onExit().get().isAlive()).isFalse();

      await("the runner noticed", () -> first.failures().containsKey("counter"));
      assertThat(first.failures().get("counter").getMessage())
          .contains("exited with code 137 while the system was running");
    } finally {
      if (counter != null) {
        counter.destroyForcibly();
      }
      assertThatThrownBy(first::stop)
          .isInstanceOf(RunnerError.class)
          .hasMessageContaining("counter: counter (pid");
    }
    int before = happeningsCounted().size();
    assertThat(before).as("processed before the kill").isBetween(1, HAPPENINGS - 1);

    Runner second = runner().start();
    try {
      Application counterLog = second.application("counter");
      await("the counter caught up", () -> counterLog.log().maxId() >= HAPPENINGS * 2L);
    } finally {
      second.stop();
    }

    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= HAPPENINGS; i++) {
      expected.add(Integer.toString(i));
    }
    assertThat(happeningsCounted())
        .as("each happening counted once, in order")
        .containsExactlyElementsOf(expected);
    String tracking = " FROM \"recount_tracking\"";
    assertThat(List.of(
            h2.count("counter", "SELECT COUNT(*)" + tracking),
            h2.count("counter", "SELECT COUNT(DISTINCT \"notification_id\")" + tracking),
            h2.count("counter", "SELECT MIN(\"notification_id\")" + tracking),
            h2.count("counter", "SELECT MAX(\"notification_id\")" + tracking)))
        .as("tracking rows: how many, how many distinct, the first and last upstream id")
        .containsExactly((long) HAPPENINGS, (long) HAPPENINGS, 2L, HAPPENINGS + 1L);
  }

  private List<String> happeningsCounted() {
    List<String> counted = new ArrayList<>();
    try (Application counter =
        PerApplication.settings(Map.of(), h2.urlPattern()).apply("counter").build()) {
      for (Notification notification : new NotificationLogReader(counter.log()).read()) {
        if (notification.event() instanceof World.SomethingHappened happened) {
          counted.add(happened.what());
        }
      }
    }
    return counted;
  }

  /** The child JVM running {@code application}, found among this JVM's descendants. */
  private static ProcessHandle child(String application) {
    return ProcessHandle.current()
        .descendants()
        .filter(process -> process
            .info()
            .arguments()
            .map(arguments -> Arrays.asList(arguments).contains(application)
                && Arrays.asList(arguments).contains(TestSystems.class.getName()))
            .orElse(false))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no child runs " + application));
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
