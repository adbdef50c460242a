package com.acme.bank;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.EventVersion;
import dev.recount.annotations.SnapshotVersion;
import dev.recount.annotations.Upcast;
import java.util.List;

/**
 * An account whose Opened event changed shape twice, whose Deposited event was renamed, and whose
 * snapshots changed shape twice.
 */
@Aggregate(version = 3)
public class Account extends AggregateRoot {
  String owner;
  String currency;
  long cents;

  /** Snapshot version 1 named the balance "balance", and had no currency. */
  @SnapshotVersion(1)
  record State1(String owner, long balance, List<Note> notes) {}

  /** Version 2 renamed it (its components in another order: snapshots store them by name). */
  @SnapshotVersion(2)
  record State2(long cents, String owner) {}

  /** A note that version 1 kept with the account. */
  record Note(String text) {}

  @Upcast
  static State2 upcast(State1 old) {
    return new State2(old.balance(), old.owner());
  }

  @Upcast
  void restore(State2 old) {
    owner = old.owner();
    currency = "EUR";
    cents = old.cents();
  }

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
