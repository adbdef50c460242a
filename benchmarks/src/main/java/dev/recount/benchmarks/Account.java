package dev.recount.benchmarks;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.UUID;

/**
 * The benchmark's aggregate: a bank account whose state stays the same size however many events it
 * has, so that a snapshot of a 10,000-event account is as small as one of ten events (the World
 * example's history grows with every event, which would measure list copying instead).
 */
@Aggregate
public class Account extends AggregateRoot {
  String owner;
  long balance;
  int deposits;

  /** The first event of every account. */
  @Event
  public record Opened(String owner) {}

  /** Every later event: a deposit with a reference, about as big as a typical small event. */
  @Event
  public record Deposited(long amount, String reference) {}

  /** A new account with the given id, not yet saved. */
  public static Account open(UUID id, String owner) {
    return create(Account::new, id, new Opened(owner));
  }

  /** Records a deposit. */
  public void deposit(long amount, String reference) {
    trigger(new Deposited(amount, reference));
  }

  /** The sum of the deposits. */
  public long balance() {
    return balance;
  }

  @Apply
  void on(Opened event) {
    owner = event.owner();
  }

  @Apply
  void on(Deposited event) {
    balance += event.amount();
    deposits++;
  }
}
