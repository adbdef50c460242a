package dev.recount.examples.spring;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.UUID;

/** A notice sent to an account's owner, stored by the {@link Notices} follower. */
@Aggregate
public class Notice extends AggregateRoot {
  UUID account;
  String text;

  /** The notice was sent about {@code account}. */
  @Event
  public record Sent(UUID account, String text) {}

  /** A new notice about {@code account}, not yet saved. */
  public static Notice send(UUID account, String text) {
    return create(Notice::new, new Sent(account, text));
  }

  public UUID account() {
    return account;
  }

  public String text() {
    return text;
  }

  @Apply
  void on(Sent event) {
    account = event.account();
    text = event.text();
  }
}
