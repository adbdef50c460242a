package dev.recount.examples.evolution;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Version 1 of an account, as first deployed: it stores events and snapshots that the newer shapes
 * under {@code src/test/resources/evolution} must still load (see {@link SchemaEvolutionTest}).
 */
@Aggregate
public class Account extends AggregateRoot implements Supplier<String>, IntSupplier {
  String owner;
  long cents;

  @Event(topic = "evolution.Opened")
  public record Opened(String name) {}

  @Event(topic = "evolution.Paid")
  public record Paid(long cents) {}

  public static Account open(UUID id, String name) {
    return create(Account::new, id, new Opened(name));
  }

  public void pay(long amount) {
    trigger(new Paid(amount));
  }

  /** Events applied since this instance was created or restored: not captured in snapshots. */
  transient int applied;

  /** How many events the last load applied: fewer when it started from a snapshot. */
  @Override
  public int getAsInt() {
    return applied;
  }

  /** The state, as every version of the class describes it. */
  @Override
  public String get() {
    return "owner=" + owner + " currency=EUR cents=" + cents;
  }

  @Apply
  void on(Opened event) {
    applied++;
    owner = event.name();
  }

  @Apply
  void on(Paid event) {
    applied++;
    cents += event.cents();
  }
}
