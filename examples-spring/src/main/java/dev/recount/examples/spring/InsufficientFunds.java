package dev.recount.examples.spring;

import java.math.BigDecimal;
import java.util.UUID;

/** A withdrawal would take an account below zero; nothing changed. */
public final class InsufficientFunds extends RuntimeException {
  private static final long serialVersionUID = 1L;

  InsufficientFunds(UUID accountId, BigDecimal balance, BigDecimal amount) {
    super("account " + accountId + " has a balance of " + balance + ", so it cannot pay " + amount);
  }
}
