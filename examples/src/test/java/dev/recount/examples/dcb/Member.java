package dev.recount.examples.dcb;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

/** An aggregate whose events carry tags, so that DCB queries and decision models see them. */
@Aggregate
public class Member extends AggregateRoot {
  String username;

  @Event
  public record Joined(@Tag("username") String username) {}

  public static Member join(String username) {
    return create(Member::new, new Joined(username));
  }

  @Apply
  void on(Joined event) {
    username = event.username();
  }
}
