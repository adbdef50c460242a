package dev.recount.examples.evolution;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.EventVersion;
import dev.recount.annotations.Upcast;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Version 2: Opened renames its component; the fields (and so snapshots) are unchanged. */
@Aggregate
public class Account extends AggregateRoot implements Supplier<String>, IntSupplier {
  String owner;
  long cents;

  @Event(topic = "evolution.Opened", version = 2)
  public record Opened(String owner) {
    @EventVersion(1)
    record V1(String name) {}

    @Upcast
    static Opened upcast(V1 old) {
      return new Opened(old.name());
    }
  }

  @Event(topic = "evolution.Paid")
  public record Paid(long cents) {}

  /** Events applied since this instance was created or restored: not captured in snapshots. */
  transient int applied;

  /** How many events the last load applied: fewer when it started from a snapshot. */
  @Override
  public int getAsInt() {
    return applied;
  }

  @Override
  public String get() {
    return "owner=" + owner + " currency=EUR cents=" + cents;
  }

  @Apply
  void on(Opened event) {
    applied++;
    owner = event.owner();
  }

  @Apply
  void on(Paid event) {
    applied++;
    cents += event.cents();
  }
}
