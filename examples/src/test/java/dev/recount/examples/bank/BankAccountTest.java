package dev.recount.examples.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recount.examples.bank.BankAccount.Deposited;
import dev.recount.examples.bank.BankAccount.Opened;
import dev.recount.examples.bank.BankAccount.TransferReceived;
import dev.recount.examples.bank.BankAccount.TransferSent;
import dev.recount.examples.bank.BankAccount.Withdrawn;
import dev.recount.test.AggregateFixture;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * BankAccount's commands with recount-test's fixture: given events, when a command, then events.
 */
class BankAccountTest {
  private final AggregateFixture<BankAccount> accounts = AggregateFixture.of(BankAccount.class);
  private final Opened alice = new Opened("Alice", "alice@example.com", money("50.00"));

  @Test
  void aWithdrawalMayUseTheOverdraftButNotGoBeyondIt() {
    accounts
        .given(alice, new Deposited(money("10.00")))
        .when(account -> account.withdraw(money("60.00")))
        .expectEvents(new Withdrawn(money("60.00")))
        .expectState(account -> assertEquals(money("-50.00"), account.balance()));

    accounts
        .given(alice, new Deposited(money("10.00")), new Withdrawn(money("60.00")))
        .when(account -> account.withdraw(money("0.01")))
        .expectException(InsufficientFundsError.class)
        .expectState(account -> assertEquals(money("-50.00"), account.balance()));
  }

  @Test
  void openingAnAccountStartsItsHistory() {
    accounts
        .whenCreated(() -> BankAccount.open("Alice", "alice@example.com", money("50.00")))
        .expectEvents(alice)
        .expectState(account -> assertEquals(0, account.balance().signum()));
    accounts
        .whenCreated(() -> BankAccount.open("Cy", "cy@example.com", money("-5")))
        .expectException(
            IllegalArgumentException.class, "the overdraft limit cannot be negative: -5");
  }

  @Test
  void amountsMustBePositive() {
    AggregateFixture.Given<BankAccount> opened = accounts.given(alice);

    opened
        .when(account -> account.deposit(money("-1")))
        .expectException(IllegalArgumentException.class, "an amount must be positive, not -1");
    opened
        .when(account -> account.withdraw(money("0")))
        .expectException(IllegalArgumentException.class, "an amount must be positive, not 0");
  }

  @Test
  void theErrorNamesTheAccountAndWhatItCouldPay() {
    UUID id = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    accounts
        .withId(id)
        .given(alice, new Deposited(money("10.00")))
        .when(account -> account.withdraw(money("70.00")))
        .expectException(
            InsufficientFundsError.class,
            "insufficient funds: account " + id + " has a balance of 10.00 and an overdraft limit"
                + " of 50.00, so it cannot pay 70.00 (at most 60.00)");
  }

  @Test
  void aTransferTriggersOneEventOnEachAccount() {
    UUID bobId = UUID.randomUUID();
    BankAccount bob = accounts
        .withId(bobId)
        .given(new Opened("Bob", "bob@example.com", money("0")))
        .aggregate();

    accounts
        .given(alice, new Deposited(money("100.00")))
        .when(account -> account.transferTo(bob, money("120.00")))
        .expectEvents(new TransferSent(bobId, money("120.00")))
        .expectState(account -> assertEquals(money("-20.00"), account.balance()));
    assertEquals(
        List.of(new TransferReceived(accounts.id(), money("120.00"))), bob.pendingEvents());
  }

  private static BigDecimal money(String amount) {
    return new BigDecimal(amount);
  }

  @Test
  void theReadmeShowsTheFirstTestVerbatim() throws IOException {
    String source =
        Files.readString(Path.of("src/test/java/dev/recount/examples/bank/BankAccountTest.java"));
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("```java\n", readme.indexOf("## Testing aggregates"));
    assertTrue(start >= 0, "README.md has no ```java block under \"## Testing aggregates\"");
    String block = readme.substring(start + 8, readme.indexOf("```", start + 8));
    assertTrue(
        stripped(source).contains(stripped(block)),
        "README's fixture example differs from BankAccountTest; copy the test's lines into it");
  }

  private static String stripped(String text) {
    return String.join(
        "\n", text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList());
  }
}
