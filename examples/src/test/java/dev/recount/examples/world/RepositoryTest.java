package dev.recount.examples.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.AggregateNotFound;
import dev.recount.AggregateRoot;
import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.RecordedEvent;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The generated WorldRepository on embedded H2: loads, saves, versions, races and discards. */
class RepositoryTest {
  private final Application app = Application.builder().build();
  private final WorldRepository worlds = WorldRepository.of(app);

  @AfterEach
  void close() {
    app.close();
  }

  private World savedWorld(String... whats) {
    World world = World.create();
    for (String what : whats) {
      world.makeItSo(what);
    }
    worlds.save(world);
    return world;
  }

  @Test
  void triggeringAppliesAtOnceAndKeepsEventsPendingUntilSaved() {
    World world = World.create();
    world.makeItSo("dinosaurs");

    assertThat(world.history()).containsExactly("dinosaurs");
    assertThat(world.version()).isEqualTo(2);
    assertThat(world.pendingEvents()).hasSize(2);
    assertThat(world.head()).isEmpty();

    worlds.save(world);

    assertThat(world.pendingEvents()).isEmpty();
    assertThat(world.head()).hasSize(64);
    assertThat(world.createdOn()).isBeforeOrEqualTo(world.modifiedOn());
  }

  @Test
  void getReplaysTheStoredEventsWithTheirMetadata() {
    World world = savedWorld("dinosaurs", "trucks");

    World copy = worlds.get(world.id());

    assertThat(copy).isNotSameAs(world);
    assertThat(copy.history()).containsExactly("dinosaurs", "trucks");
    assertThat(copy.version()).isEqualTo(3);
    assertThat(copy.createdOn()).isEqualTo(world.createdOn());
    assertThat(copy.modifiedOn()).isEqualTo(world.modifiedOn());
    assertThat(copy.head()).isEqualTo(world.head());
    assertThat(copy.pendingEvents()).isEmpty();
  }

  @Test
  void aLoadedAggregateTakesMoreCommands() {
    World world = savedWorld("dinosaurs");
    World copy = worlds.get(world.id());
    copy.makeItSo("trucks");
    worlds.save(copy);

    assertThat(worlds.get(world.id()).history()).containsExactly("dinosaurs", "trucks");
  }

  @Test
  void getAtAVersionReturnsTheHistoricalState() {
    World world = savedWorld("a", "b", "c");

    assertThat(worlds.get(world.id(), 1).history()).isEmpty();
    assertThat(worlds.get(world.id(), 3).history()).containsExactly("a", "b");
    assertThat(worlds.get(world.id(), 3).version()).isEqualTo(3);
    assertThat(worlds.get(world.id(), 99).history()).containsExactly("a", "b", "c");
    assertThatThrownBy(() -> worlds.get(world.id(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("versions start at 1");
  }

  @Test
  void aMissingAggregateIsNotFoundByName() {
    UUID id = UUID.randomUUID();

    assertThat(worlds.contains(id)).isFalse();
    assertThat(worlds.find(id)).isEmpty();
    assertThatThrownBy(() -> worlds.get(id))
        .isInstanceOf(AggregateNotFound.class)
        .hasMessage("aggregate " + id + " not found: no events are stored for it");
    assertThatThrownBy(() -> worlds.get(id, 1)).isInstanceOf(AggregateNotFound.class);
  }

  @Test
  void aDiscardedAggregateIsNotFoundButItsPastIs() {
    World world = savedWorld("a");
    world.discard();
    worlds.save(world);

    assertThat(worlds.contains(world.id())).isFalse();
    assertThat(worlds.find(world.id())).isEmpty();
    assertThatThrownBy(() -> worlds.get(world.id()))
        .isInstanceOf(AggregateNotFound.class)
        .hasMessageContaining("discarded at version 3");
    assertThat(worlds.get(world.id(), 2).history()).containsExactly("a");
    assertThatThrownBy(() -> world.makeItSo("more"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was discarded");
  }

  @Test
  void aStaleSaveIsAConcurrencyErrorAndWritesNothing() {
    World world = savedWorld("a");
    World first = worlds.get(world.id());
    World second = worlds.get(world.id());
    first.makeItSo("first");
    worlds.save(first);
    second.makeItSo("second");
    second.makeItSo("and more");

    assertThatThrownBy(() -> worlds.save(second))
        .isInstanceOf(ConcurrencyError.class)
        .hasMessageContaining("aggregate " + world.id() + " already has an event at version 3")
        .satisfies(e -> assertThat(((ConcurrencyError) e).aggregateId()).isEqualTo(world.id()));
    assertThat(worlds.get(world.id()).history()).containsExactly("a", "first");
    assertThat(app.log().maxId()).isEqualTo(3);
  }

  @Test
  void savingSeveralAggregatesIsAtomic() {
    World stale = savedWorld("a");
    World winner = worlds.get(stale.id());
    winner.makeItSo("won");
    worlds.save(winner);
    World fresh = World.create();
    fresh.makeItSo("never stored");
    stale.makeItSo("lost");

    assertThatThrownBy(() -> app.save(fresh, stale))
        .isInstanceOf(ConcurrencyError.class)
        .hasMessageContaining(stale.id().toString());

    assertThat(worlds.contains(fresh.id())).isFalse();
    assertThat(fresh.pendingEvents()).hasSize(2);
    assertThat(worlds.get(stale.id()).history()).containsExactly("a", "won");
  }

  @Test
  void severalAggregatesAreSavedTogether() {
    World one = World.create();
    World two = World.create();
    two.makeItSo("b");

    app.save(List.of(one, two));

    assertThat(worlds.contains(one.id())).isTrue();
    assertThat(worlds.get(two.id()).history()).containsExactly("b");
    assertThat(app.log().maxId()).isEqualTo(3);
  }

  @Test
  void savingWithNothingPendingDoesNothing() {
    World world = savedWorld("a");
    long before = app.log().maxId();

    worlds.save(world);
    worlds.save(worlds.get(world.id()));

    assertThat(app.log().maxId()).isEqualTo(before);
  }

  @Test
  void racingSavesOfOneAggregateHaveExactlyOneWinner() throws Exception {
    World world = savedWorld();
    int racers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Boolean>> results = new java.util.ArrayList<>();
      for (int i = 0; i < racers; i++) {
        World copy = worlds.get(world.id());
        copy.makeItSo("racer " + i);
        results.add(pool.submit(() -> {
          start.await();
          try {
            worlds.save(copy);
            return true;
          } catch (ConcurrencyError e) {
            return false;
          }
        }));
      }
      start.countDown();
      int winners = 0;
      for (Future<Boolean> result : results) {
        winners += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(winners).isEqualTo(1);
      assertThat(worlds.get(world.id()).history()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void eventsBetweenVersionsInEitherOrderWithALimit() {
    World world = savedWorld("a", "b", "c", "d");

    assertThat(versions(worlds.events(world.id()).list())).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(versions(worlds.events(world.id()).from(2).to(4).list()))
        .containsExactly(2L, 3L, 4L);
    assertThat(versions(worlds.events(world.id()).from(2).to(4).descending().list()))
        .containsExactly(4L, 3L, 2L);
    assertThat(versions(worlds.events(world.id()).descending().limit(2).list()))
        .containsExactly(5L, 4L);
    assertThat(versions(worlds.events(world.id()).from(3).limit(1).list())).containsExactly(3L);
    assertThat(worlds.events(world.id()).from(4).to(2).list()).isEmpty();
    assertThat(worlds.events(UUID.randomUUID()).list()).isEmpty();

    RecordedEvent third = worlds.events(world.id()).from(3).to(3).list().get(0);
    assertThat(third.event()).isEqualTo(new World.SomethingHappened("b"));
    assertThat(third.topic()).isEqualTo("dev.recount.examples.world.World.SomethingHappened");
    assertThat(third.originatorId()).isEqualTo(world.id());
    assertThat(third.hash()).hasSize(64);
  }

  @Test
  void theDiscardEventIsStoredUnderItsOwnTopic() {
    World world = savedWorld();
    world.discard();
    worlds.save(world);

    RecordedEvent last = worlds.events(world.id()).descending().limit(1).list().get(0);
    assertThat(last.topic()).isEqualTo(AggregateRoot.Discarded.TOPIC);
    assertThat(last.event()).isInstanceOf(AggregateRoot.Discarded.class);
  }

  @Test
  void anAggregateMadeWithItsConstructorIsRejectedWithAHint() {
    World world = new World();

    assertThatThrownBy(() -> world.makeItSo("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("AggregateRoot.create");
  }

  private static List<Long> versions(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::originatorVersion).toList();
  }
}
