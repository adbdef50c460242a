package dev.recount.dcb;

import dev.recount.AggregateRoot;

/**
 * An aggregate whose event carries a tag, written by hand with its mutator
 * ({@link Account_Mutator}) as the processor would generate them: its events are matched by DCB
 * queries.
 */
public final class Account extends AggregateRoot {
  /** Tagged {@code username:<username>}. */
  record Opened(String username) {
    static final String TOPIC = "dcb.Account.Opened";
  }

  String username;

  static Account open(String username) {
    return create(Account::new, new Opened(username));
  }

  void on(Opened e) {
    username = e.username();
  }
}
