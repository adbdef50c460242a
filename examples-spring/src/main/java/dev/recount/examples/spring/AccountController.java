package dev.recount.examples.spring;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The accounts over HTTP and JSON; errors are mapped by {@link ApiErrors}. */
@RestController
@RequestMapping("/accounts")
public class AccountController {
  /** The body of {@code POST /accounts}. */
  public record OpenRequest(String owner) {}

  /** The body of a deposit or withdrawal; {@code expectedVersion} is optional. */
  public record AmountRequest(BigDecimal amount, Long expectedVersion) {}

  /** An account as the API shows it, with its ledger rows. */
  public record AccountView(
      UUID id, String owner, BigDecimal balance, long version, List<Ledger.Entry> ledger) {}

  private final Bank bank;
  private final Ledger ledger;

  public AccountController(Bank bank, Ledger ledger) {
    this.bank = bank;
    this.ledger = ledger;
  }

  @PostMapping
  public ResponseEntity<AccountView> open(@RequestBody OpenRequest request) {
    Account account = bank.open(request.owner());
    return ResponseEntity.created(URI.create("/accounts/" + account.id())).body(view(account));
  }

  @PostMapping("/{id}/deposits")
  public AccountView deposit(@PathVariable("id") UUID id, @RequestBody AmountRequest request) {
    return view(bank.deposit(id, request.amount(), request.expectedVersion()));
  }

  @PostMapping("/{id}/withdrawals")
  public AccountView withdraw(@PathVariable("id") UUID id, @RequestBody AmountRequest request) {
    return view(bank.withdraw(id, request.amount(), request.expectedVersion()));
  }

  @GetMapping("/{id}")
  public AccountView get(@PathVariable("id") UUID id) {
    return view(bank.get(id));
  }

  private AccountView view(Account account) {
    return new AccountView(
        account.id(),
        account.owner(),
        account.balance(),
        account.version(),
        ledger.entries(account.id()));
  }
}
