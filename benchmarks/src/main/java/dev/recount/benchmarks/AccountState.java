package dev.recount.benchmarks;

import java.util.UUID;

/**
 * The state the raw JDBC and Axon contenders replay events into: the same fields as
 * {@link Account}, plus what the raw contender must track by hand (version, head hash, timestamps).
 * Axon uses only the account fields and the version.
 */
final class AccountState {
  final UUID id;
  long version;
  String owner;
  long balance;
  int deposits;
  byte[] head;
  long createdOnMicros;
  long modifiedOnMicros;

  AccountState(UUID id) {
    this.id = id;
  }

  void apply(Object event) {
    if (event instanceof Account.Deposited deposited) {
      balance += deposited.amount();
      deposits++;
    } else if (event instanceof Account.Opened opened) {
      owner = opened.owner();
    } else {
      throw new IllegalArgumentException("not an account event: " + event);
    }
    version++;
  }
}
