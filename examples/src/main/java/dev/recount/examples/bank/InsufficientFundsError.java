package dev.recount.examples.bank;

import java.math.BigDecimal;
import java.util.UUID;

/** A withdrawal or transfer would take an account below its overdraft limit; nothing changed. */
public final class InsufficientFundsError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final UUID accountId;

  InsufficientFundsError(
      UUID accountId, BigDecimal balance, BigDecimal overdraftLimit, BigDecimal amount) {
    super("insufficient funds: account " + accountId + " has a balance of " + balance
        + " and an overdraft limit of " + overdraftLimit + ", so it cannot pay " + amount
        + " (at most " + balance.add(overdraftLimit) + ")");
    this.accountId = accountId;
  }

  /** The account that could not pay. */
  public UUID accountId() {
    return accountId;
  }
}
