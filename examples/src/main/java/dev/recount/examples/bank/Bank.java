package dev.recount.examples.bank;

import dev.recount.Application;
import java.math.BigDecimal;
import java.util.UUID;

/** The bank's commands and queries over the accounts application. */
public final class Bank {
  private final Application application;
  private final BankAccountRepository accounts;

  public Bank(Application application) {
    this.application = application;
    this.accounts = BankAccountRepository.of(application);
  }

  /** Opens an account; returns its id. */
  public UUID openAccount(String fullName, String email, BigDecimal overdraftLimit) {
    BankAccount account = BankAccount.open(fullName, email, overdraftLimit);
    accounts.save(account);
    return account.id();
  }

  /** Pays {@code amount} into the account. */
  public void deposit(UUID accountId, BigDecimal amount) {
    BankAccount account = accounts.get(accountId);
    account.deposit(amount);
    accounts.save(account);
  }

  /**
   * Takes {@code amount} out of the account.
   *
   * @throws InsufficientFundsError if it would go below its overdraft limit; nothing changed
   */
  public void withdraw(UUID accountId, BigDecimal amount) {
    BankAccount account = accounts.get(accountId);
    account.withdraw(amount);
    accounts.save(account);
  }

  /**
   * Moves {@code amount} from one account to the other in one atomic save: both change, or neither
   * does.
   *
   * @throws InsufficientFundsError if {@code from} cannot pay it; nothing changed
   * @throws dev.recount.ConcurrencyError if either account changed meanwhile; nothing changed, so
   *     the transfer can be tried again
   */
  public void transfer(UUID from, UUID to, BigDecimal amount) {
    BankAccount payer = accounts.get(from);
    BankAccount payee = accounts.get(to);
    payer.transferTo(payee, amount);
    application.save(payer, payee);
  }

  /** The account's balance. */
  public BigDecimal balance(UUID accountId) {
    return accounts.get(accountId).balance();
  }

  /** The account as it is now. */
  public BankAccount account(UUID accountId) {
    return accounts.get(accountId);
  }
}
