package dev.recount.examples.bank;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.UUID;

/** An email the bank sent: recorded by the emails application, one per account opened. */
@Aggregate
public class EmailNotification extends AggregateRoot {
  UUID accountId;
  String to;
  String subject;
  String body;

  /** The email was sent about the account {@code accountId}. */
  @Event
  public record Sent(UUID accountId, String to, String subject, String body) {}

  /** A new email, not yet saved. */
  public static EmailNotification send(UUID accountId, String to, String subject, String body) {
    return create(EmailNotification::new, new Sent(accountId, to, subject, body));
  }

  public UUID accountId() {
    return accountId;
  }

  public String to() {
    return to;
  }

  public String subject() {
    return subject;
  }

  public String body() {
    return body;
  }

  @Apply
  void on(Sent event) {
    accountId = event.accountId();
    to = event.to();
    subject = event.subject();
    body = event.body();
  }
}
