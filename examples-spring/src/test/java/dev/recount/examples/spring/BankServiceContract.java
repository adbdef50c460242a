package dev.recount.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The example service started on a random port and driven over real HTTP: the commands, a stale
 * command refused with 409 and nothing of it stored (neither its ledger row nor its events), bad
 * input refused with 400, and the actuator's health. Subclasses name the database.
 */
abstract class BankServiceContract {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  @Autowired
  ObjectMapper json;

  @Autowired
  AccountRepository accounts;

  @Autowired
  Ledger ledger;

  record Reply(int status, JsonNode body) {}

  private Reply send(String method, String path, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json");
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    try {
      HttpResponse<String> response =
          HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(response.statusCode(), json.readTree(response.body()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Reply post(String path, String body) {
    return send("POST", path, body);
  }

  private Reply get(String path) {
    return send("GET", path, null);
  }

  private UUID open(String owner) {
    Reply opened = post("/accounts", "{\"owner\": \"" + owner + "\"}");
    assertThat(opened.status()).isEqualTo(201);
    return UUID.fromString(opened.body().get("id").asText());
  }

  private static List<String> kinds(JsonNode account) {
    return account.get("ledger").findValuesAsText("kind");
  }

  @Test
  void openDepositWithdrawAndGet() {
    UUID id = open("Ada");

    Reply deposited = post("/accounts/" + id + "/deposits", "{\"amount\": 100}");
    assertThat(deposited.status()).isEqualTo(200);
    assertThat(deposited.body().get("balance").decimalValue()).isEqualByComparingTo("100");
    assertThat(deposited.body().get("version").asLong()).isEqualTo(2);

    Reply withdrawn = post("/accounts/" + id + "/withdrawals", "{\"amount\": 30.50}");
    assertThat(withdrawn.status()).isEqualTo(200);

    Reply account = get("/accounts/" + id);
    assertThat(account.status()).isEqualTo(200);
    assertThat(account.body().get("owner").asText()).isEqualTo("Ada");
    assertThat(account.body().get("balance").decimalValue()).isEqualByComparingTo("69.50");
    assertThat(account.body().get("version").asLong()).isEqualTo(3);
    assertThat(kinds(account.body())).containsExactly("opened", "deposit", "withdrawal");
    assertThat(accounts.events(id).list())
        .extracting(e -> e.event().getClass().getSimpleName())
        .containsExactly("Opened", "Deposited", "Withdrawn");
  }

  @Test
  void aStaleCommandGets409AndNeitherItsLedgerRowNorItsEventIsStored() {
    UUID id = open("Grace");
    assertThat(post("/accounts/" + id + "/deposits", "{\"amount\": 100}").status())
        .isEqualTo(200);

    // Two withdrawals made from version 2, as two clients that read it at the same time would:
    // the first is saved, the second is stale.
    Reply first =
        post("/accounts/" + id + "/withdrawals", "{\"amount\": 30, \"expectedVersion\": 2}");
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().get("version").asLong()).isEqualTo(3);
    Reply second =
        post("/accounts/" + id + "/withdrawals", "{\"amount\": 50, \"expectedVersion\": 2}");

    assertThat(second.status()).isEqualTo(409);
    assertThat(second.body().get("error").asText()).isEqualTo("conflict");
    assertThat(second.body().get("accountId").asText()).isEqualTo(id.toString());
    assertThat(second.body().get("version").asLong()).isEqualTo(3);
    assertThat(second.body().get("message").asText())
        .contains("changed by another command", "nothing was stored");

    Account stored = accounts.get(id);
    assertThat(stored.version()).isEqualTo(3);
    assertThat(stored.balance()).isEqualByComparingTo("70");
    assertThat(accounts.events(id).list()).hasSize(3);
    assertThat(ledger.entries(id))
        .as("the ledger row the stale withdrawal inserted was rolled back with its save")
        .extracting(Ledger.Entry::kind, Ledger.Entry::version)
        .containsExactly(tuple("opened", 1L), tuple("deposit", 2L), tuple("withdrawal", 3L));
    assertThat(ledger.entries(id).get(2).amount()).isEqualByComparingTo("30");

    // Read again, the client retries from the current version and succeeds.
    Reply retried =
        post("/accounts/" + id + "/withdrawals", "{\"amount\": 50, \"expectedVersion\": 3}");
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.body().get("balance").decimalValue()).isEqualByComparingTo("20");
    assertThat(kinds(retried.body())).hasSize(4);
  }

  @Test
  void badInputGets400WithWhatWasWrongAndStoresNothing() {
    UUID id = open("Linus");

    assertInvalid(post("/accounts", "{}"), "an account needs an owner");
    assertInvalid(
        post("/accounts/" + id + "/deposits", "{\"amount\": -5}"),
        "an amount must be positive, not -5");
    assertInvalid(
        post("/accounts/" + id + "/withdrawals", "{}"), "an amount must be positive, not null");
    assertInvalid(
        post("/accounts/" + id + "/deposits", "{\"amount\": \"ten\"}"),
        "the request body cannot be read");
    assertInvalid(post("/accounts/" + id + "/deposits", "not json"), "cannot be read");
    assertInvalid(
        post("/accounts/" + id + "/deposits", "{\"amount\": 5, \"expectedVersion\": 7}"),
        "is at version 1, it has no version 7 yet");
    assertInvalid(get("/accounts/not-an-id"), "'not-an-id' is not a valid id");

    Reply overdrawn = post("/accounts/" + id + "/withdrawals", "{\"amount\": 1}");
    assertThat(overdrawn.status()).isEqualTo(422);
    assertThat(overdrawn.body().get("error").asText()).isEqualTo("insufficient_funds");

    Reply unknown = get("/accounts/" + UUID.randomUUID());
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body().get("error").asText()).isEqualTo("not_found");

    assertThat(accounts.get(id).version()).isEqualTo(1);
    assertThat(ledger.entries(id)).hasSize(1);
  }

  private static void assertInvalid(Reply reply, String message) {
    assertThat(reply.status()).isEqualTo(400);
    assertThat(reply.body().get("error").asText()).isEqualTo("invalid");
    assertThat(reply.body().get("message").asText()).contains(message);
  }

  @Test
  void theActuatorsHealthIsUpWithTheRecountComponent() {
    open("Barbara");
    Reply health = get("/actuator/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.body().get("status").asText()).isEqualTo("UP");
    JsonNode recount = health.body().get("components").get("recount");
    assertThat(recount.get("status").asText()).isEqualTo("UP");
    assertThat(recount.get("details").get("lastNotificationId").asLong()).isPositive();
  }
}
