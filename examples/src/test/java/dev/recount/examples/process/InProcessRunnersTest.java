package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.testing.H2Database;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.ProcessSystem;
import dev.recount.process.ProcessingError;
import dev.recount.process.ProcessingUnit;
import dev.recount.process.Runner;
import dev.recount.process.RunnerError;
import dev.recount.process.SingleThreadedRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runners that keep a system in one JVM: what they process, in which order, and how they start,
 * fail and stop. The system: {@code worlds} leads; {@code mirror} copies each world; {@code census}
 * follows both and notes what it saw.
 */
class InProcessRunnersTest {
  private final List<String> trace = new CopyOnWriteArrayList<>();
  private final H2Database database = new H2Database();
  private final Function<String, Application.Builder> tables =
      name -> database.application().tablePrefix(name + "_");
  private volatile String poison = "";
  /** What the mirror waits for before it mirrors "hold". */
  private final CountDownLatch held = new CountDownLatch(1);

  @AfterEach
  void close() {
    database.close();
  }

  private ProcessSystem system() {
    return ProcessSystem.builder()
        .application("worlds")
        .application("mirror", this::mirror)
        .application("census", this::census)
        .pipe("worlds", "mirror")
        .pipe("worlds", "census")
        .pipe("mirror", "census")
        .build();
  }

  private void mirror(Notification notification, ProcessingUnit unit) {
    trace.add("mirror<-" + unit.upstream() + "#" + notification.id());
    if (notification.event() instanceof World.Created) {
      unit.save(World.create(notification.originatorId()));
    } else if (notification.event() instanceof World.SomethingHappened happened) {
      if (happened.what().equals(poison)) {
        throw new IllegalStateException("cannot mirror " + happened.what());
      }
      if (happened.what().equals("hold")) {
        trace.add("mirror holds");
        awaitUninterruptibly(held);
      }
      World mirror = WorldRepository.of(unit.application()).get(notification.originatorId());
      mirror.makeItSo(happened.what());
      unit.save(mirror);
    }
  }

  private void census(Notification notification, ProcessingUnit unit) {
    trace.add("census<-" + unit.upstream() + "#" + notification.id());
  }

  private static World saveWorld(Runner runner, String... whats) {
    World world = World.create();
    for (String what : whats) {
      world.makeItSo(what);
    }
    WorldRepository.of(runner.application("worlds")).save(world);
    return world;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void singleThreadedProcessesEverythingBeforeTheSaveReturnsInDeclarationOrder() {
    try (Runner runner = SingleThreadedRunner.builder(system(), name -> Application.builder())
        .build()
        .start()) {
      World world = saveWorld(runner, "a");

      assertThat(
              WorldRepository.of(runner.application("mirror")).get(world.id()).history())
          .containsExactly("a");
      // worlds' followers in declaration order (mirror, then census); then mirror's follower.
      assertThat(trace)
          .containsExactly(
              "mirror<-worlds#1", "mirror<-worlds#2",
              "census<-worlds#1", "census<-worlds#2",
              "census<-mirror#1", "census<-mirror#2");
    }
  }

  @Test
  void aRunnerCatchesUpWithWhatWasRecordedWhileItWasNotRunning() {
    World world;
    try (Runner runner = SingleThreadedRunner.builder(system(), tables).build().start()) {
      world = saveWorld(runner, "a");
    }
    try (Application worlds = tables.apply("worlds").build()) {
      World later = WorldRepository.of(worlds).get(world.id());
      later.makeItSo("b");
      WorldRepository.of(worlds).save(later);
    }
    trace.clear();

    try (Runner runner = SingleThreadedRunner.builder(system(), tables).build().start()) {
      assertThat(
              WorldRepository.of(runner.application("mirror")).get(world.id()).history())
          .containsExactly("a", "b");
      assertThat(trace).containsExactly("mirror<-worlds#3", "census<-worlds#3", "census<-mirror#3");
    }
  }

  @Test
  void multiThreadedFollowersArePromptedWithoutWaitingForThePoll() throws Exception {
    try (Runner runner = MultiThreadedRunner.builder(system(), name -> Application.builder())
        .pollInterval(Duration.ofHours(1))
        .build()
        .start()) {
      List<World> worlds = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        worlds.add(saveWorld(runner, "x" + i, "y" + i));
      }
      WorldRepository mirrors = WorldRepository.of(runner.application("mirror"));

      await(
          "census saw all 150 + 150 notifications",
          () -> trace.stream().filter(line -> line.startsWith("census<-")).count() == 300);
      for (World world : worlds) {
        assertThat(mirrors.get(world.id()).history()).isEqualTo(world.history());
      }
      assertThat(trace).doesNotHaveDuplicates();
    }
  }

  @Test
  void multiThreadedFollowersPollForWhatWritersOutsideTheRunnerRecord() throws Exception {
    try (Runner runner = MultiThreadedRunner.builder(system(), tables)
            .pollInterval(Duration.ofMillis(50))
            .build()
            .start();
        Application outside = tables.apply("worlds").build()) {
      World world = World.create();
      world.makeItSo("from outside");
      WorldRepository.of(outside).save(world); // no prompt reaches the runner

      WorldRepository mirrors = WorldRepository.of(runner.application("mirror"));
      await(
          "the mirror polled",
          () -> mirrors
              .find(world.id())
              .map(mirror -> mirror.history().equals(List.of("from outside")))
              .orElse(false));
    }
  }

  @Test
  void aFailingPolicyStopsOnlyItsApplicationAndStopReportsIt() throws Exception {
    poison = "poison";
    for (boolean threads : new boolean[] {false, true}) {
      trace.clear();
      Runner runner = threads
          ? MultiThreadedRunner.builder(system(), name -> Application.builder()).build()
          : SingleThreadedRunner.builder(system(), name -> Application.builder())
              .build();
      runner.start();
      World world = saveWorld(runner, "fine", "poison", "never");

      await("mirror failed", () -> runner.failures().containsKey("mirror"));
      await("census went on", () -> trace.contains("census<-worlds#4"));
      assertThat(runner.failures()).containsOnlyKeys("mirror");
      assertThat(runner.failures().get("mirror"))
          .isInstanceOf(ProcessingError.class)
          .hasMessageContaining("mirror failed to process notification 3 of worlds")
          .hasMessageContaining("cannot mirror poison");
      saveWorld(runner, "later");
      await("census saw the later world", () -> trace.contains("census<-worlds#6"));
      assertThat(trace).doesNotContain("mirror<-worlds#4", "mirror<-worlds#5");
      assertThat(
              WorldRepository.of(runner.application("mirror")).get(world.id()).history())
          .containsExactly("fine");

      assertThatThrownBy(runner::stop)
          .isInstanceOf(RunnerError.class)
          .hasMessageStartingWith("the system stopped: 1 application failed\n  mirror: mirror"
              + " failed to process notification 3 of worlds")
          .satisfies(e -> assertThat(((RunnerError) e).failures()).containsOnlyKeys("mirror"));
      runner.stop(); // stopped already: nothing more to report
    }
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * While stop() waits for a thread that is in a policy, the runner's monitor is free: what needs
   * it (start() here) does not wait for the stop, so a policy that needed it could not hang it.
   */
  @Test
  void multiThreadedStopWaitsForItsThreadsWithoutHoldingTheRunner() throws Exception {
    Runner runner = MultiThreadedRunner.builder(system(), name -> Application.builder())
        .build()
        .start();
    saveWorld(runner, "hold");
    await("the mirror holds", () -> trace.contains("mirror holds"));
    Executor threads = command -> new Thread(command).start();
    CompletableFuture<Void> stopping = CompletableFuture.runAsync(runner::stop, threads);
    await("the runner stops", () -> {
      try {
        runner.application("worlds");
        return false;
      } catch (IllegalStateException e) {
        return true;
      }
    });
    CompletableFuture<Void> starting = CompletableFuture.runAsync(runner::start, threads);
    assertThatThrownBy(() -> starting.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a runner runs once");
    assertThat(stopping).isNotDone();
    held.countDown();
    stopping.get(30, TimeUnit.SECONDS);
  }

  @Test
  void aRunnerRunsOnce() {
    for (Runner runner : List.<Runner>of(
        SingleThreadedRunner.builder(system(), name -> Application.builder()).build(),
        MultiThreadedRunner.builder(system(), name -> Application.builder()).build())) {
      assertThatThrownBy(() -> runner.application("worlds"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the runner is not started: call start() first");
      runner.start();
      assertThatThrownBy(runner::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the runner is already running: start it once");
      assertThatThrownBy(() -> runner.application("nowhere"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the system has no application 'nowhere'; it has [worlds, mirror, census]");
      runner.stop();
      assertThatThrownBy(runner::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("a runner runs once");
      assertThatThrownBy(() -> runner.application("worlds"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the runner was stopped");
    }
  }

  @Test
  void theBuilderTakesOnlyPositiveDurationsAndEachBuildMakesANewRunner() {
    MultiThreadedRunner.Builder builder =
        MultiThreadedRunner.builder(system(), name -> Application.builder());

    assertThatThrownBy(() -> builder.pollInterval(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the poll interval must be positive, not PT0S");
    assertThatThrownBy(() -> builder.stopTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the stop timeout must be positive, not PT-1S");
    assertThatThrownBy(() -> SingleThreadedRunner.builder(system(), null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("applications");

    // A runner runs once; its builder makes as many as wanted.
    builder.pollInterval(Duration.ofMillis(50)).build().start().stop();
    try (Runner again = builder.build().start()) {
      assertThat(again.application("worlds")).isNotNull();
    }
  }

  @Test
  void anApplicationThatCannotBeBuiltFailsTheStartAndLeavesNothingOpen() {
    Runner runner = MultiThreadedRunner.builder(
            system(),
            name -> name.equals("census")
                ? Application.builder().dbUri("jdbc:nonsense:" + UUID.randomUUID())
                : Application.builder())
        .build();

    assertThatThrownBy(runner::start)
        .isInstanceOf(RunnerError.class)
        .hasMessageContaining(
            "could not start the system: 1 application failed\n" + "  census: DB_URI:");
    assertThatThrownBy(runner::start).hasMessageContaining("a runner runs once");
  }
}
