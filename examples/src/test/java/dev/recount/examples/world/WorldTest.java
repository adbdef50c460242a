package dev.recount.examples.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recount.AggregateRoot;
import dev.recount.test.AggregateFixture;
import java.util.List;
import org.junit.jupiter.api.Test;

/** World's commands with recount-test's fixture: no database, no repository. */
class WorldTest {
  private final AggregateFixture<World> worlds = AggregateFixture.of(World.class);

  @Test
  void aNewWorldHasNoHistory() {
    worlds
        .whenCreated(World::create)
        .expectEvents(new World.Created())
        .expectState(world -> assertEquals(List.of(), world.history()));
  }

  @Test
  void whatIsMadeSoIsAddedToTheHistory() {
    worlds
        .given(new World.Created(), new World.SomethingHappened("dinosaurs"))
        .when(world -> world.makeItSo("trucks"))
        .expectEvents(new World.SomethingHappened("trucks"))
        .expectState(world -> assertEquals(List.of("dinosaurs", "trucks"), world.history()));
  }

  @Test
  void aDiscardedWorldTakesNoMoreEvents() {
    worlds
        .given(new World.Created())
        .when(World::discard)
        .expectEvents(new AggregateRoot.Discarded())
        .expectState(world -> assertTrue(world.isDiscarded()));
    worlds
        .given(new World.Created(), new AggregateRoot.Discarded())
        .when(world -> world.makeItSo("future"))
        .expectException(
            IllegalStateException.class,
            "aggregate " + worlds.id() + " was discarded; it takes no more events");
  }
}
