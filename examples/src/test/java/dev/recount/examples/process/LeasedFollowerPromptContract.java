package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.process.LeasedFollower;
import dev.recount.process.ProcessApplication;
import dev.recount.testing.DatabaseServer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A leased follower polling once an hour is prompted by its upstream's saves in this JVM and, on
 * PostgreSQL, by the NOTIFY that any application sends on its channel after a commit (so a writer
 * in another JVM prompts it too): it processes a save within seconds, which its poll alone would
 * not. Subclasses name the database.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LeasedFollowerPromptContract {
  private SourceAndMirror apps;
  private LeasedFollower follower;

  abstract DatabaseServer server();

  /** Whether the database has LISTEN and NOTIFY (PostgreSQL). */
  abstract boolean notifies();

  @BeforeEach
  void open() {
    apps = new SourceAndMirror(server(), "ex_lprompt");
  }

  @AfterEach
  void close() {
    if (apps != null) {
      apps.close();
    }
  }

  @Test
  void aPromptedSegmentProcessesASaveAtOnceThoughItPollsHourly() throws Exception {
    ProcessApplication process = process();
    follower = apps.start(SourceAndMirror.leased(process, 2)
        .pollInterval(Duration.ofHours(1))
        .prompt("source", apps.source()));
    awaitHeld(2);
    for (int i = 0; i < 5; i++) {
      World world = World.create();
      world.makeItSo("prompt " + i);
      long position = WorldRepository.of(apps.source()).save(world);
      assertThat(process.awaitProcessed("source", position, Duration.ofSeconds(15)))
          .as("save %d processed on its prompt", i)
          .isTrue();
    }

    if (notifies()) {
      // Another writer (as in another JVM): no subscriber of this JVM hears it, only the NOTIFY
      // that its application sends after the commit; the segments poll hourly.
      try (Application writer = apps.application("source_")) {
        for (int i = 0; i < 3; i++) {
          long position = WorldRepository.of(writer).save(World.create());
          assertThat(process.awaitProcessed("source", position, Duration.ofSeconds(15)))
              .as("another writer's save %d processed on its NOTIFY", i)
              .isTrue();
        }
      }
    }
  }

  @Test
  void aPromptForAnUpstreamItDoesNotFollowIsRefused() {
    assertThatThrownBy(() -> LeasedFollower.builder(process()).prompt("nobody", apps.source()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not follow 'nobody'");
  }

  private ProcessApplication process() {
    return apps.mirrorOfSource().policy((notification, unit) -> {}).build();
  }

  private void awaitHeld(int segments) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (follower.held().size() < segments) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
