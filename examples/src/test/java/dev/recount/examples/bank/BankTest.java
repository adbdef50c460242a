package dev.recount.examples.bank;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.Runner;
import dev.recount.process.SingleThreadedRunner;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bank accounts with an overdraft limit, atomic transfers, and a welcome email per account. */
class BankTest {
  private Runner runner;
  private Bank bank;

  @BeforeEach
  void start() {
    runner = SingleThreadedRunner.builder(BankSystem.system(), name -> Application.builder())
        .build()
        .start();
    bank = new Bank(runner.application(BankSystem.ACCOUNTS));
  }

  @AfterEach
  void stop() {
    runner.stop();
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  @Test
  void depositsAndWithdrawalsChangeTheBalance() {
    UUID account = bank.openAccount("Alice", "alice@example.com", money("0"));

    bank.deposit(account, money("100.00"));
    bank.withdraw(account, money("30.25"));

    assertThat(bank.balance(account)).isEqualByComparingTo("69.75");
    assertThat(bank.account(account).fullName()).isEqualTo("Alice");
  }

  @Test
  void aWithdrawalMayUseTheOverdraftButNotGoBeyondIt() {
    UUID account = bank.openAccount("Bob", "bob@example.com", money("50.00"));
    bank.deposit(account, money("10.00"));

    bank.withdraw(account, money("60.00"));
    assertThat(bank.balance(account)).isEqualByComparingTo("-50.00");

    assertThatThrownBy(() -> bank.withdraw(account, money("0.01")))
        .isInstanceOf(InsufficientFundsError.class)
        .hasMessage("insufficient funds: account " + account + " has a balance of -50.00 and an"
            + " overdraft limit of 50.00, so it cannot pay 0.01 (at most 0.00)")
        .satisfies(e -> assertThat(((InsufficientFundsError) e).accountId()).isEqualTo(account));
    assertThat(bank.balance(account)).isEqualByComparingTo("-50.00");
    assertThat(bank.account(account).version()).isEqualTo(3);
  }

  @Test
  void aTransferMovesMoneyBetweenTwoAccountsInOneSave() {
    UUID alice = bank.openAccount("Alice", "alice@example.com", money("50.00"));
    UUID bob = bank.openAccount("Bob", "bob@example.com", money("0"));
    bank.deposit(alice, money("100.00"));
    long notifications = runner.application(BankSystem.ACCOUNTS).log().maxId();

    bank.transfer(alice, bob, money("120.00"));

    assertThat(bank.balance(alice)).isEqualByComparingTo("-20.00");
    assertThat(bank.balance(bob)).isEqualByComparingTo("120.00");
    // Both events of the transfer are stored together: one after the other in the log.
    assertThat(runner.application(BankSystem.ACCOUNTS).log().select(notifications + 1, 10))
        .extracting(notification -> notification.event())
        .containsExactly(
            new BankAccount.TransferSent(bob, money("120.00")),
            new BankAccount.TransferReceived(alice, money("120.00")));
  }

  @Test
  void aRefusedTransferChangesNeitherAccount() {
    UUID alice = bank.openAccount("Alice", "alice@example.com", money("0"));
    UUID bob = bank.openAccount("Bob", "bob@example.com", money("0"));
    bank.deposit(alice, money("10.00"));

    assertThatThrownBy(() -> bank.transfer(alice, bob, money("10.01")))
        .isInstanceOf(InsufficientFundsError.class);
    assertThatThrownBy(() -> bank.transfer(alice, alice, money("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("to itself");

    assertThat(bank.balance(alice)).isEqualByComparingTo("10.00");
    assertThat(bank.balance(bob)).isEqualByComparingTo("0");
  }

  @Test
  void aTransferThatLostARaceWritesNeitherAccount() {
    UUID alice = bank.openAccount("Alice", "alice@example.com", money("0"));
    UUID bob = bank.openAccount("Bob", "bob@example.com", money("0"));
    bank.deposit(alice, money("10.00"));
    Application accounts = runner.application(BankSystem.ACCOUNTS);
    BankAccount payer = BankAccountRepository.of(accounts).get(alice);
    BankAccount payee = BankAccountRepository.of(accounts).get(bob);
    bank.deposit(bob, money("1.00")); // bob moves on meanwhile

    payer.transferTo(payee, money("5.00"));
    assertThatThrownBy(() -> accounts.save(payer, payee)).isInstanceOf(ConcurrencyError.class);

    assertThat(bank.balance(alice)).isEqualByComparingTo("10.00");
    assertThat(bank.balance(bob)).isEqualByComparingTo("1.00");
  }

  @Test
  void eachAccountOpenedGetsOneWelcomeEmail() {
    UUID alice = bank.openAccount("Alice", "alice@example.com", money("50.00"));
    bank.deposit(alice, money("1"));
    bank.openAccount("Bob", "bob@example.com", money("0"));

    assertThat(BankSystem.emailsSent(runner.application(BankSystem.EMAILS)))
        .extracting(EmailNotification.Sent::to, EmailNotification.Sent::subject)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice@example.com", "Welcome, Alice"),
            org.assertj.core.groups.Tuple.tuple("bob@example.com", "Welcome, Bob"));
    EmailNotification email = EmailNotificationRepository.of(runner.application(BankSystem.EMAILS))
        .get(runner.application(BankSystem.EMAILS).log().get(1).orElseThrow().originatorId());
    assertThat(email.accountId()).isEqualTo(alice);
    assertThat(email.body()).contains("overdraft limit of 50.00");
  }

  @Test
  void emailsAreSentOnceByManyThreadsToo() throws InterruptedException {
    try (Runner threads = MultiThreadedRunner.builder(
            BankSystem.system(), name -> Application.builder())
        .build()
        .start()) {
      Bank threaded = new Bank(threads.application(BankSystem.ACCOUNTS));
      for (int i = 0; i < 20; i++) {
        threaded.openAccount("Customer " + i, i + "@example.com", money("0"));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (BankSystem.emailsSent(threads.application(BankSystem.EMAILS)).size() < 20
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(BankSystem.emailsSent(threads.application(BankSystem.EMAILS)))
          .extracting(EmailNotification.Sent::to)
          .doesNotHaveDuplicates()
          .hasSize(20);
    }
  }
}
