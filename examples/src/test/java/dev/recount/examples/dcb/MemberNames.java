package dev.recount.examples.dcb;

import dev.recount.annotations.Apply;
import dev.recount.annotations.DecisionModel;
import dev.recount.annotations.Tag;

/** Whether a username was taken by a member (an aggregate's tagged event). */
@DecisionModel
final class MemberNames {
  @Tag("username")
  final String username;

  boolean taken;

  MemberNames(String username) {
    this.username = username;
  }

  @Apply
  void on(Member.Joined event) {
    taken = true;
  }
}
