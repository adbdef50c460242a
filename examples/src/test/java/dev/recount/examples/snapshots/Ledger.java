package dev.recount.examples.snapshots;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;

/**
 * An aggregate that declares itself never snapshotted: its largest entry is derived as events are
 * applied and is not a field a snapshot keeps.
 */
@Aggregate(snapshotInterval = -1)
public class Ledger extends AggregateRoot {
  long balance;
  transient long largest;

  @Event
  record Opened() {}

  @Event
  record Entered(long amount) {}

  static Ledger open() {
    return create(Ledger::new, new Opened());
  }

  void enter(long amount) {
    trigger(new Entered(amount));
  }

  @Apply
  void on(Opened event) {}

  @Apply
  void on(Entered event) {
    balance += event.amount();
    largest = Math.max(largest, event.amount());
  }
}
