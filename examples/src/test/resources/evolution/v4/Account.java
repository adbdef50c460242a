package dev.recount.examples.evolution;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.EventVersion;
import dev.recount.annotations.Upcast;
import java.util.function.Supplier;

/**
 * Version 4: Paid is renamed Deposited, with a new topic; the old topic stays as an alias, so the
 * events stored under it are read as Deposited.
 */
@Aggregate
public class Account extends AggregateRoot implements Supplier<String> {
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

  @Event(topic = "evolution.Deposited", aliases = "evolution.Paid")
  public record Deposited(long cents) {}

  @Override
  public String get() {
    return "owner=" + owner + " currency=" + currency + " cents=" + cents;
  }

  @Apply
  void on(Opened event) {
    owner = event.owner();
    currency = event.currency();
  }

  @Apply
  void on(Deposited event) {
    cents += event.cents();
  }
}
