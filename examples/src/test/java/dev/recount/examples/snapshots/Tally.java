package dev.recount.examples.snapshots;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;

/** A count with a snapshot interval of its own, which the application may override. */
@Aggregate(snapshotInterval = 2)
public class Tally extends AggregateRoot {
  int total;

  @Event
  record Started() {}

  @Event
  record Counted(int by) {}

  static Tally start() {
    return create(Tally::new, new Started());
  }

  void count(int by) {
    trigger(new Counted(by));
  }

  @Apply
  void on(Started event) {}

  @Apply
  void on(Counted event) {
    total += event.by();
  }
}
