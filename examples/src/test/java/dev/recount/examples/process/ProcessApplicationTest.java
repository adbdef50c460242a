package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.process.ProcessApplication;
import dev.recount.process.ProcessingError;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A process application that mirrors worlds: for each world created upstream it creates a world
 * downstream, and repeats upstream happenings there. Exactly once, all or nothing.
 */
class ProcessApplicationTest {
  private static final String HAPPENED = "dev.recount.examples.world.World.SomethingHappened";

  private final Application upstream = Application.builder().build();
  private final Application downstream = Application.builder().build();
  private final AtomicReference<String> poison = new AtomicReference<>();

  @AfterEach
  void close() {
    upstream.close();
    downstream.close();
  }

  private static UUID mirrorOf(UUID id) {
    return new UUID(id.getMostSignificantBits() ^ 1, id.getLeastSignificantBits());
  }

  private ProcessApplication mirror(Application into) {
    WorldRepository mirrors = WorldRepository.of(into);
    return ProcessApplication.builder("mirror", into)
        .follow("worlds", upstream.log())
        .policy((notification, unit) -> {
          Object event = notification.event();
          if (event instanceof World.Created) {
            unit.save(World.create(mirrorOf(notification.originatorId())));
          } else if (event instanceof World.SomethingHappened happened) {
            if (happened.what().equals(poison.get())) {
              throw new IllegalStateException("cannot mirror " + happened.what());
            }
            World mirror = mirrors.get(mirrorOf(notification.originatorId()));
            mirror.makeItSo(happened.what());
            mirror.makeItSo(happened.what() + " (again)");
            unit.save(mirror);
          }
        })
        .build();
  }

  private World upstreamWorld(String... whats) {
    World world = World.create();
    for (String what : whats) {
      world.makeItSo(what);
    }
    WorldRepository.of(upstream).save(world);
    return world;
  }

  @Test
  void processesEachUpstreamEventOnceAndTracksItsPosition() {
    ProcessApplication mirror = mirror(downstream);
    World world = upstreamWorld("a", "b");

    assertThat(mirror.pull()).isEqualTo(3);
    assertThat(mirror.pull()).isZero();
    assertThat(mirror.position("worlds")).isEqualTo(3);
    assertThat(WorldRepository.of(downstream).get(mirrorOf(world.id())).history())
        .containsExactly("a", "a (again)", "b", "b (again)");
  }

  @Test
  void aRestartedProcessResumesFromItsTrackingPosition() {
    upstreamWorld("a");
    mirror(downstream).pull();
    World later = upstreamWorld("c");

    ProcessApplication restarted = mirror(downstream);
    assertThat(restarted.pull()).isEqualTo(2);
    assertThat(WorldRepository.of(downstream).get(mirrorOf(later.id())).history())
        .containsExactly("c", "c (again)");
  }

  @Test
  void twoInstancesRacingProcessEachNotificationOnce() {
    World world = upstreamWorld("a", "b", "c");
    ProcessApplication one = mirror(downstream);
    ProcessApplication two = mirror(downstream);

    int processed = one.pull() + two.pull();

    assertThat(processed).isEqualTo(4);
    assertThat(WorldRepository.of(downstream).get(mirrorOf(world.id())).history())
        .hasSize(6);
  }

  @Test
  void aFailingPolicyWritesNothingAndNamesTheNotification() {
    World world = upstreamWorld("a");
    poison.set("b");
    world.makeItSo("b");
    world.makeItSo("c");
    WorldRepository.of(upstream).save(world);
    ProcessApplication mirror = mirror(downstream);

    assertThatThrownBy(mirror::pull)
        .isInstanceOf(ProcessingError.class)
        .hasMessageContaining("mirror failed to process notification 3 of worlds")
        .hasMessageContaining("cannot mirror b")
        .satisfies(e -> {
          ProcessingError error = (ProcessingError) e;
          assertThat(error.upstream()).isEqualTo("worlds");
          assertThat(error.notificationId()).isEqualTo(3);
        });
    assertThat(mirror.position("worlds")).isEqualTo(2);
    assertThat(WorldRepository.of(downstream).get(mirrorOf(world.id())).history())
        .containsExactly("a", "a (again)");

    poison.set(null);
    assertThat(mirror.pull()).isEqualTo(2);
    assertThat(WorldRepository.of(downstream).get(mirrorOf(world.id())).history())
        .containsExactly("a", "a (again)", "b", "b (again)", "c", "c (again)");
  }

  @Test
  void followsOnlyTheGivenTopics() {
    WorldRepository mirrors = WorldRepository.of(downstream);
    java.util.List<Long> seen = new java.util.ArrayList<>();
    ProcessApplication happenings = ProcessApplication.builder("happenings", downstream)
        .follow("worlds", upstream.log(), Set.of(HAPPENED))
        .policy((Notification notification, dev.recount.process.ProcessingUnit unit) ->
            seen.add(notification.id()))
        .build();
    upstreamWorld("a", "b");

    happenings.pull();

    assertThat(seen).containsExactly(2L, 3L);
    assertThat(mirrors.application()).isSameAs(downstream);
  }

  @Test
  void misconfigurationIsAClearError() {
    assertThatThrownBy(() -> ProcessApplication.builder("bad name!", downstream))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad name!");
    assertThatThrownBy(() ->
            ProcessApplication.builder("p", downstream).policy((n, u) -> {}).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("follows nothing");
    assertThatThrownBy(() -> mirror(downstream).pull("elsewhere"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not follow 'elsewhere'");
  }
}
