package dev.recount.examples.bank;

import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import dev.recount.process.ProcessSystem;
import dev.recount.process.ProcessingUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The accounts application, followed by an emails application that welcomes each new customer: one
 * email per account opened, recorded as an {@link EmailNotification} in the emails application's
 * own tables together with the record that the opening was processed.
 */
public final class BankSystem {
  public static final String ACCOUNTS = "accounts";
  public static final String EMAILS = "emails";

  private BankSystem() {}

  /** The system: accounts, and emails following only the accounts opened. */
  public static ProcessSystem system() {
    return ProcessSystem.builder()
        .application(ACCOUNTS)
        .application(EMAILS, BankSystem::welcome)
        .pipe(ACCOUNTS, EMAILS, Set.of(BankAccountTopics.OPENED))
        .build();
  }

  /** The emails policy: a welcome email for each account opened. */
  static void welcome(Notification notification, ProcessingUnit unit) {
    if (notification.event() instanceof BankAccount.Opened opened) {
      unit.save(EmailNotification.send(
          notification.originatorId(),
          opened.email(),
          "Welcome, " + opened.fullName(),
          "Your account " + notification.originatorId() + " is open, with an overdraft limit of "
              + opened.overdraftLimit() + "."));
    }
  }

  /** Every email the emails application has recorded, oldest first. */
  public static List<EmailNotification.Sent> emailsSent(Application emails) {
    List<EmailNotification.Sent> sent = new ArrayList<>();
    for (Notification notification : new NotificationLogReader(emails.log()).read()) {
      if (notification.event() instanceof EmailNotification.Sent email) {
        sent.add(email);
      }
    }
    return sent;
  }
}
