package dev.recount.examples.spring;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.math.BigDecimal;

/**
 * A bank account of the example service: opened for an owner, then credited and debited. Its
 * balance never goes below zero.
 */
@Aggregate
public class Account extends AggregateRoot {
  String owner;
  BigDecimal balance = BigDecimal.ZERO;

  /** The account was opened for {@code owner}. */
  @Event
  public record Opened(String owner) {}

  /** Money was paid in. */
  @Event
  public record Deposited(BigDecimal amount) {}

  /** Money was taken out. */
  @Event
  public record Withdrawn(BigDecimal amount) {}

  /**
   * A new account with a zero balance, not yet saved.
   *
   * @throws IllegalArgumentException if {@code owner} is missing or blank
   */
  public static Account open(String owner) {
    if (owner == null || owner.isBlank()) {
      throw new IllegalArgumentException("an account needs an owner");
    }
    return create(Account::new, new Opened(owner.strip()));
  }

  /**
   * Pays {@code amount} in.
   *
   * @throws IllegalArgumentException if {@code amount} is missing, zero or negative
   */
  public void deposit(BigDecimal amount) {
    trigger(new Deposited(positive(amount)));
  }

  /**
   * Takes {@code amount} out.
   *
   * @throws IllegalArgumentException if {@code amount} is missing, zero or negative
   * @throws InsufficientFunds if that would take the balance below zero
   */
  public void withdraw(BigDecimal amount) {
    positive(amount);
    if (balance.compareTo(amount) < 0) {
      throw new InsufficientFunds(id(), balance, amount);
    }
    trigger(new Withdrawn(amount));
  }

  public String owner() {
    return owner;
  }

  public BigDecimal balance() {
    return balance;
  }

  private static BigDecimal positive(BigDecimal amount) {
    if (amount == null || amount.signum() <= 0) {
      throw new IllegalArgumentException("an amount must be positive, not " + amount);
    }
    return amount;
  }

  @Apply
  void on(Opened event) {
    owner = event.owner();
  }

  @Apply
  void on(Deposited event) {
    balance = balance.add(event.amount());
  }

  @Apply
  void on(Withdrawn event) {
    balance = balance.subtract(event.amount());
  }
}
