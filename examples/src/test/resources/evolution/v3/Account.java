package dev.recount.examples.evolution;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.EventVersion;
import dev.recount.annotations.Upcast;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Version 3: Opened gains a currency, and so does the aggregate. The snapshot version is bumped
 * without declaring the old shape, so snapshots of version 1 are ignored and the aggregate is
 * replayed from its events.
 */
@Aggregate(version = 2)
public class Account extends AggregateRoot implements Supplier<String>, IntSupplier {
  String owner;
  String currency;
  long cents;

  @Event(topic = "evolution.Opened", version = 3)
  public record Opened(String owner, String currency) {
    @EventVersion(1)
    record V1(String name) {}

    @EventVersion(2)
    record V2(String owner) {}

    @Upcast
    static V2 upcast(V1 old) {
      return new V2(old.name());
    }

    @Upcast
    static Opened upcast(V2 old) {
      return new Opened(old.owner(), "EUR");
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
    return "owner=" + owner + " currency=" + currency + " cents=" + cents;
  }

  @Apply
  void on(Opened event) {
    applied++;
    owner = event.owner();
    currency = event.currency();
  }

  @Apply
  void on(Paid event) {
    applied++;
    cents += event.cents();
  }
}
