package dev.recount.examples.bank;

import dev.recount.examples.PerApplication;
import dev.recount.process.Runner;
import dev.recount.process.SingleThreadedRunner;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bank}: opens two accounts, moves money between them, is refused an overdraft, and shows
 * the welcome emails the emails application sent, all in one thread.
 */
public final class BankExample {
  private BankExample() {}

  /**
   * Runs the example with each application in its own in-memory database, or its own tables at
   * {@code DB_URI}.
   */
  public static void run(Map<String, String> environment, PrintStream out) {
    try (Runner runner = SingleThreadedRunner.builder(
            BankSystem.system(), PerApplication.settings(environment, null))
        .build()
        .start()) {
      Bank bank = new Bank(runner.application(BankSystem.ACCOUNTS));
      UUID alice = bank.openAccount("Alice", "alice@example.com", new BigDecimal("50.00"));
      UUID bob = bank.openAccount("Bob", "bob@example.com", BigDecimal.ZERO);
      bank.deposit(alice, new BigDecimal("100.00"));
      bank.transfer(alice, bob, new BigDecimal("120.00"));
      out.println("Alice has " + bank.balance(alice) + ", Bob has " + bank.balance(bob));
      try {
        bank.withdraw(bob, new BigDecimal("500.00"));
      } catch (InsufficientFundsError e) {
        out.println("refused: " + e.getMessage());
      }
      for (EmailNotification.Sent email :
          BankSystem.emailsSent(runner.application(BankSystem.EMAILS))) {
        out.println("email to " + email.to() + ": " + email.subject());
      }
    }
  }
}
