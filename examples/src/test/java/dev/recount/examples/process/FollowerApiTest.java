package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.ProcessApplication;
import dev.recount.process.ProcessSystem;
import dev.recount.process.Runner;
import dev.recount.process.RunnerError;
import dev.recount.process.SingleThreadedRunner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a runner tells about its followers, and where a follower starts. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FollowerApiTest {
  private static final String POISON = "poison";

  /** A mirror of the source's worlds that refuses the poison. */
  private static ProcessSystem system() {
    return ProcessSystem.builder()
        .application("source")
        .application("mirror", (notification, unit) -> {
          if (notification.event() instanceof World.SomethingHappened happened
              && happened.what().equals(POISON)) {
            throw new IllegalStateException("cannot mirror " + POISON);
          }
          if (notification.event() instanceof World.Created) {
            unit.save(World.create(notification.originatorId()));
          }
        })
        .pipe("source", "mirror")
        .build();
  }

  @Test
  void aRunnerTellsEachFollowersPositionInEachLeader() {
    try (Runner runner = SingleThreadedRunner.builder(system(), name -> Application.builder())
        .build()
        .start()) {
      WorldRepository source = WorldRepository.of(runner.application("source"));
      assertThat(runner.positions("mirror")).containsExactly(Map.entry("source", 0L));
      World world = World.create();
      world.makeItSo("first");
      long position = source.save(world);
      assertThat(runner.positions("mirror")).containsExactly(Map.entry("source", 2L));
      assertThat(position).isEqualTo(2);
      assertThat(runner.positions("source")).isEmpty();
      assertThatThrownBy(() -> runner.positions("nobody"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the system has no application 'nobody'");
    }
  }

  @Test
  void awaitFailureReturnsTheFirstFailureAsItHappens() throws Exception {
    Runner runner = MultiThreadedRunner.builder(system(), name -> Application.builder())
        .pollInterval(Duration.ofHours(1))
        .build()
        .start();
    try {
      assertThat(runner.awaitFailure(Duration.ofMillis(100))).isEmpty();
      World world = World.create();
      world.makeItSo(POISON);
      WorldRepository.of(runner.application("source")).save(world);
      Map<String, Throwable> failures = runner.awaitFailure(Duration.ofSeconds(20));
      assertThat(failures).containsOnlyKeys("mirror");
      assertThat(failures.get("mirror")).hasStackTraceContaining("cannot mirror poison");
    } finally {
      assertThatThrownBy(runner::stop).isInstanceOf(RunnerError.class);
    }
  }

  @Test
  void aFollowerStartedAfterAPositionNeverProcessesWhatCameBefore() {
    try (Application source = Application.builder().build();
        Application mirror = Application.builder().build()) {
      WorldRepository worlds = WorldRepository.of(source);
      World before = World.create();
      long position = worlds.save(before);
      World after = World.create();
      worlds.save(after);

      ProcessApplication follower = ProcessApplication.builder("mirror", mirror)
          .follow("source", source.log())
          .startAfter("source", position)
          .policy((notification, unit) -> unit.save(World.create(notification.originatorId())))
          .build();
      assertThat(follower.position("source")).isEqualTo(position);
      assertThat(follower.hasProcessed("source", position)).isTrue();
      assertThat(follower.pull()).isEqualTo(1);
      WorldRepository mirrored = WorldRepository.of(mirror);
      assertThat(List.of(mirrored.contains(before.id()), mirrored.contains(after.id())))
          .containsExactly(false, true);
      assertThatThrownBy(() -> ProcessApplication.builder("other", mirror).startAfter("source", 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("other does not follow 'source': follow it before startAfter");
    }
  }

  @Test
  void startingTwiceAndAfterStopAreRefusedWithDifferentReasons() {
    Runner runner = SingleThreadedRunner.builder(system(), name -> Application.builder())
        .build()
        .start();
    assertThatThrownBy(runner::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the runner is already running: start it once");
    runner.stop();
    assertThatThrownBy(runner::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the runner was stopped: a runner runs once, so make a new one");
  }
}
