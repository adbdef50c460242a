package dev.recount.examples.spring;

import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The service's commands. Each one writes a ledger row and saves the account in one transaction:
 * the save joins the transaction {@code @Transactional} opened, so a
 * {@link dev.recount.ConcurrencyError} from the save (thrown after the row was inserted) rolls back
 * the row too, and neither is stored.
 */
@Service
public class Bank {
  private final AccountRepository accounts;
  private final Ledger ledger;

  public Bank(AccountRepository accounts, Ledger ledger) {
    this.accounts = accounts;
    this.ledger = ledger;
  }

  /** Opens an account for {@code owner}. */
  @Transactional
  public Account open(String owner) {
    Account account = Account.open(owner);
    ledger.record(account, "opened", BigDecimal.ZERO);
    accounts.save(account);
    return account;
  }

  /**
   * Pays {@code amount} into the account.
   *
   * @param expectedVersion the version the caller last saw, or null for the current one; the
   *     command runs on the account as it was then, and fails if it has changed since
   */
  @Transactional
  public Account deposit(UUID id, BigDecimal amount, Long expectedVersion) {
    Account account = load(id, expectedVersion);
    account.deposit(amount);
    ledger.record(account, "deposit", amount);
    accounts.save(account);
    return account;
  }

  /** Takes {@code amount} out of the account; {@code expectedVersion} as for deposits. */
  @Transactional
  public Account withdraw(UUID id, BigDecimal amount, Long expectedVersion) {
    Account account = load(id, expectedVersion);
    account.withdraw(amount);
    ledger.record(account, "withdrawal", amount);
    accounts.save(account);
    return account;
  }

  /** The account's current state. */
  public Account get(UUID id) {
    return accounts.get(id);
  }

  private Account load(UUID id, Long expectedVersion) {
    if (expectedVersion == null) {
      return accounts.get(id);
    }
    if (expectedVersion < 1) {
      throw new IllegalArgumentException(
          "expectedVersion must be 1 or more, not " + expectedVersion);
    }
    // Loaded as the caller saw it: if another command has been saved since, this save is stale
    // and the store refuses it, exactly as when two requests race from the same version.
    Account account = accounts.get(id, expectedVersion);
    if (account.version() != expectedVersion) {
      throw new IllegalArgumentException("account " + id + " is at version " + account.version()
          + ", it has no version " + expectedVersion + " yet");
    }
    return account;
  }
}
