package com.acme.bank;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.EventVersion;
import dev.recount.annotations.Upcast;

/** An account whose Opened event changed shape twice, and whose Deposited event was renamed. */
@Aggregate
public class Account extends AggregateRoot {
  String owner;
  String currency;
  long cents;

  /** Version 3: the owner's name, and the account's currency. */
  @Event(topic = "bank.Opened", version = 3)
  public record Opened(String owner, String currency) {
    /** Version 1 stored the owner's name as "name". */
    @EventVersion(1)
    record V1(String name) {}

    /** Version 2 renamed it. */
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

  /** Was {@code bank.Paid} before it was renamed. */
  @Event(topic = "bank.Deposited", aliases = "bank.Paid")
  public record Deposited(long cents) {}

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
