package dev.recount.examples.dcb.usernames;

import dev.recount.annotations.Apply;
import dev.recount.annotations.DecisionModel;
import dev.recount.annotations.Tag;

/** Whether an open account holds a username: the events tagged with it. */
@DecisionModel
final class UsernameClaim {
  @Tag("username")
  final String username;

  boolean taken;

  UsernameClaim(String username) {
    this.username = username;
  }

  @Apply
  void on(AccountRegistered event) {
    taken = true;
  }

  @Apply
  void on(AccountClosed event) {
    taken = false;
  }
}
