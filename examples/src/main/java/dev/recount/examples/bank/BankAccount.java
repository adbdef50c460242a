package dev.recount.examples.bank;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.math.BigDecimal;
import java.util.UUID;

/**
 * A bank account: opened with an overdraft limit, then credited and debited. Its balance may go
 * below zero, but never below minus the limit.
 */
@Aggregate
public class BankAccount extends AggregateRoot {
  String fullName;
  String email;
  BigDecimal balance = BigDecimal.ZERO;
  BigDecimal overdraftLimit = BigDecimal.ZERO;

  /** The account was opened for {@code fullName}, who may overdraw by {@code overdraftLimit}. */
  @Event
  public record Opened(String fullName, String email, BigDecimal overdraftLimit) {}

  /** Money was paid in. */
  @Event
  public record Deposited(BigDecimal amount) {}

  /** Money was taken out. */
  @Event
  public record Withdrawn(BigDecimal amount) {}

  /** Money left for the account {@code to}. */
  @Event
  public record TransferSent(UUID to, BigDecimal amount) {}

  /** Money arrived from the account {@code from}. */
  @Event
  public record TransferReceived(UUID from, BigDecimal amount) {}

  /** A new account with a zero balance, not yet saved. */
  public static BankAccount open(String fullName, String email, BigDecimal overdraftLimit) {
    if (overdraftLimit.signum() < 0) {
      throw new IllegalArgumentException(
          "the overdraft limit cannot be negative: " + overdraftLimit);
    }
    return create(BankAccount::new, new Opened(fullName, email, overdraftLimit));
  }

  /** Pays {@code amount} in. */
  public void deposit(BigDecimal amount) {
    trigger(new Deposited(positive(amount)));
  }

  /**
   * Takes {@code amount} out.
   *
   * @throws InsufficientFundsError if that would take the balance below minus the overdraft limit
   */
  public void withdraw(BigDecimal amount) {
    checkFunds(positive(amount));
    trigger(new Withdrawn(amount));
  }

  /**
   * Moves {@code amount} from this account to {@code to}; save both together ({@code app.save(from,
   * to)}) so that the money is never in both or in neither.
   *
   * @throws InsufficientFundsError if this account cannot pay it
   */
  public void transferTo(BankAccount to, BigDecimal amount) {
    if (to.id().equals(id())) {
      throw new IllegalArgumentException("cannot transfer from account " + id() + " to itself");
    }
    checkFunds(positive(amount));
    trigger(new TransferSent(to.id(), amount));
    to.trigger(new TransferReceived(id(), amount));
  }

  public String fullName() {
    return fullName;
  }

  public String email() {
    return email;
  }

  public BigDecimal balance() {
    return balance;
  }

  public BigDecimal overdraftLimit() {
    return overdraftLimit;
  }

  private void checkFunds(BigDecimal amount) {
    if (balance.subtract(amount).compareTo(overdraftLimit.negate()) < 0) {
      throw new InsufficientFundsError(id(), balance, overdraftLimit, amount);
    }
  }

  private static BigDecimal positive(BigDecimal amount) {
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("an amount must be positive, not " + amount);
    }
    return amount;
  }

  @Apply
  void on(Opened event) {
    fullName = event.fullName();
    email = event.email();
    overdraftLimit = event.overdraftLimit();
  }

  @Apply
  void on(Deposited event) {
    balance = balance.add(event.amount());
  }

  @Apply
  void on(Withdrawn event) {
    balance = balance.subtract(event.amount());
  }

  @Apply
  void on(TransferSent event) {
    balance = balance.subtract(event.amount());
  }

  @Apply
  void on(TransferReceived event) {
    balance = balance.add(event.amount());
  }
}
