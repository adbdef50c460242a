package dev.recount.test;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;

/**
 * A tally for the fixture's own tests: well-behaved commands, and the mistakes the fixture exists
 * to catch (a command that throws after triggering, one that sets a field itself, an event that
 * does not survive its codec).
 */
@Aggregate
public class Tally extends AggregateRoot {
  String label;
  int total;

  @Event
  public record Started(String label) {}

  @Event
  public record Added(int amount) {}

  /** A byte array compares by identity, so this event never reads back equal. */
  @Event
  public record Attached(byte[] data) {}

  public static Tally start(String label) {
    if (label.isBlank()) {
      throw new IllegalArgumentException("a tally needs a label");
    }
    return create(Tally::new, new Started(label));
  }

  public void add(int amount) {
    if (amount <= 0) {
      throw new IllegalArgumentException("cannot add " + amount + ": amounts are positive");
    }
    trigger(new Added(amount));
  }

  /** Adds each amount in turn. */
  public void addAll(int... amounts) {
    for (int amount : amounts) {
      add(amount);
    }
  }

  /** Triggers, then refuses: the mistake expectException reports. */
  public void addThenRefuse(int amount) {
    trigger(new Added(amount));
    throw new IllegalStateException("changed my mind");
  }

  /** Sets the field itself: the mistake the replay check reports. */
  public void addQuietly(int amount) {
    total += amount;
  }

  public void attach(byte[] data) {
    trigger(new Attached(data));
  }

  public int total() {
    return total;
  }

  @Apply
  void on(Started event) {
    label = event.label();
  }

  @Apply
  void on(Added event) {
    total += event.amount();
  }

  @Apply
  void on(Attached event) {}
}
