package dev.recount.examples.evolution;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.EventVersion;
import dev.recount.annotations.SnapshotVersion;
import dev.recount.annotations.Upcast;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Version 4: Paid is renamed Deposited, with a new topic; the old topic stays as an alias, so the
 * events stored under it are read as Deposited. The balance field is renamed too (snapshot version
 * 3), and the aggregate declares the snapshot shapes of versions 1 and 2 with upcasters, so
 * snapshots stored by version 1 are used again.
 */
@Aggregate(version = 3)
public class Account extends AggregateRoot implements Supplier<String>, IntSupplier {
  String owner;
  String currency;
  long balance;

  /** The fields of version 1 of the class (and 2, which did not change them). */
  @SnapshotVersion(1)
  record State1(String owner, long cents) {}

  /** The fields of version 3 of the class, which added the currency. */
  @SnapshotVersion(2)
  record State2(String owner, String currency, long cents) {}

  @Upcast
  static State2 upcast(State1 old) {
    return new State2(old.owner(), "EUR", old.cents());
  }

  @Upcast
  void restore(State2 old) {
    owner = old.owner();
    currency = old.currency();
    balance = old.cents();
  }

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

  /** Events applied since this instance was created or restored: not captured in snapshots. */
  transient int applied;

  /** How many events the last load applied: fewer when it started from a snapshot. */
  @Override
  public int getAsInt() {
    return applied;
  }

  @Override
  public String get() {
    return "owner=" + owner + " currency=" + currency + " cents=" + balance;
  }

  @Apply
  void on(Opened event) {
    applied++;
    owner = event.owner();
    currency = event.currency();
  }

  @Apply
  void on(Deposited event) {
    applied++;
    balance += event.cents();
  }
}
