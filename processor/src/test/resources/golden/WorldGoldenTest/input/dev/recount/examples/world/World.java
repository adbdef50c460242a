package dev.recount.examples.world;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The seed synopsis's aggregate: a world whose history is what was made so. */
@Aggregate
public class World extends AggregateRoot {
  final List<String> history = new ArrayList<>();

  @Event
  record Created() {}

  @Event
  record SomethingHappened(String what) {}

  /** A new world, not yet saved. */
  public static World create() {
    return create(World::new, new Created());
  }

  /** A new world with the given id, not yet saved. */
  public static World create(UUID id) {
    return create(World::new, id, new Created());
  }

  /** Records that {@code what} happened. */
  public void makeItSo(String what) {
    trigger(new SomethingHappened(what));
  }

  /** What happened, oldest first. */
  public List<String> history() {
    return List.copyOf(history);
  }

  @Apply
  void on(Created event) {}

  @Apply
  void on(SomethingHappened event) {
    history.add(event.what());
  }
}
