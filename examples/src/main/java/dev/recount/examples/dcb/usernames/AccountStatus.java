package dev.recount.examples.dcb.usernames;

import dev.recount.annotations.Apply;
import dev.recount.annotations.DecisionModel;
import dev.recount.annotations.Tag;

/** Whether an account was registered or closed, and its username: the events tagged with it. */
@DecisionModel
final class AccountStatus {
  @Tag("account")
  final String account;

  String username;
  boolean closed;

  AccountStatus(String account) {
    this.account = account;
  }

  @Apply
  void on(AccountRegistered event) {
    username = event.username();
  }

  @Apply
  void on(AccountClosed event) {
    closed = true;
  }
}
