package dev.recount.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recount.Application;
import dev.recount.spring.RecountProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The running service's metrics and health, read over HTTP from the actuator's endpoints the way an
 * operator's scraper would, before and after real HTTP commands: saves, events, conflicts, save and
 * load latency, the follower's position and lag, and the connection pool. Subclasses name the
 * database.
 */
abstract class ServiceMetricsContract {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @LocalServerPort
  int port;

  @Autowired
  ObjectMapper json;

  @Autowired
  RecountProperties recount;

  @Autowired
  Application application;

  @Autowired
  Notices notices;

  private JsonNode send(String method, String path, String body, int expected) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .header("Content-Type", "application/json")
        .method(
            method,
            body == null
                ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(method + " " + path).isEqualTo(expected);
      return json.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The application tag of the service's own meters: its table prefix. */
  private String application() {
    return Objects.requireNonNullElse(recount.getTablePrefix(), "");
  }

  /**
   * One statistic (COUNT, TOTAL_TIME, MAX, VALUE) of a meter, from {@code /actuator/metrics}, with
   * tags as {@code name:value}; 0 when no meter has those tags yet.
   */
  private double metric(String name, String statistic, String... tags) {
    StringBuilder path = new StringBuilder("/actuator/metrics/").append(name);
    String separator = "?";
    for (String tag : tags) {
      path.append(separator).append("tag=").append(URLEncoder.encode(tag, StandardCharsets.UTF_8));
      separator = "&";
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(10))
        .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return 0;
      }
      assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
      for (JsonNode measurement : json.readTree(response.body()).get("measurements")) {
        if (measurement.get("statistic").asText().equals(statistic)) {
          return measurement.get("value").asDouble();
        }
      }
      throw new AssertionError(path + " has no " + statistic + ": " + response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Whether Spring Boot's meter handler keeps a long-task timer ({@code <name>.active}) for each
   * observation: its default, {@code management.observations.long-task-timer.enabled}.
   */
  boolean longTaskTimers() {
    return true;
  }

  /** Whether {@code /actuator/metrics} has a meter of that name. */
  private boolean hasMeter(String name) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/actuator/metrics/" + name))
        .timeout(Duration.ofSeconds(10))
        .build();
    try {
      int status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      assertThat(status).as("GET /actuator/metrics/" + name).isIn(200, 404);
      return status == 200;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private double saves(String outcome, String statistic) {
    return metric("recount.saves", statistic, "application:" + application(), "outcome:" + outcome);
  }

  private JsonNode recountHealth() {
    JsonNode health = send("GET", "/actuator/health", null, 200);
    return health.get("components").get("recount");
  }

  @Test
  void commandsMoveTheMetersAndTheFollowerCatchesUp() throws InterruptedException {
    String app = "application:" + application();
    double events = metric("recount.events.saved", "COUNT", app);
    double successes = saves("success", "COUNT");
    double saveTime = saves("success", "TOTAL_TIME");
    double conflicts = metric("recount.save.conflicts", "COUNT", app);
    double conflicted = saves("conflict", "COUNT");
    double loads = metric("recount.loads", "COUNT", app, "outcome:success");
    double loadTime = metric("recount.loads", "TOTAL_TIME", app, "outcome:success");
    double connections = metric("hikaricp.connections.usage", "COUNT");

    // Open (1 event), deposit (1), a withdrawal from version 2 (1), and a stale one from 2 (409);
    // and the welcome notice the opening causes (1).
    JsonNode opened = send("POST", "/accounts", "{\"owner\": \"Lin\"}", 201);
    UUID id = UUID.fromString(opened.get("id").asText());
    send("POST", "/accounts/" + id + "/deposits", "{\"amount\": 100}", 200);
    send(
        "POST",
        "/accounts/" + id + "/withdrawals",
        "{\"amount\": 10, \"expectedVersion\": 2}",
        200);
    send(
        "POST",
        "/accounts/" + id + "/withdrawals",
        "{\"amount\": 20, \"expectedVersion\": 2}",
        409);
    send("GET", "/accounts/" + id, null, 200);
    // The opening also makes the Notices follower save a welcome notice, in the same application.
    assertThat(notices.awaitProcessed(application.log().maxId(), Duration.ofSeconds(20)))
        .isTrue();

    assertThat(metric("recount.events.saved", "COUNT", app)).isEqualTo(events + 4);
    assertThat(saves("success", "COUNT")).isEqualTo(successes + 4);
    assertThat(saves("success", "TOTAL_TIME")).as("seconds").isGreaterThan(saveTime);
    assertThat(saves("success", "MAX")).isPositive();
    assertThat(metric("recount.save.conflicts", "COUNT", app)).isEqualTo(conflicts + 1);
    assertThat(saves("conflict", "COUNT")).isEqualTo(conflicted + 1);
    // Each command after the first loads the account (two of them at version 2), and so does GET.
    assertThat(metric("recount.loads", "COUNT", app, "outcome:success")).isEqualTo(loads + 4);
    assertThat(metric("recount.loads", "TOTAL_TIME", app, "outcome:success"))
        .isGreaterThan(loadTime);
    assertThat(metric("hikaricp.connections.usage", "COUNT"))
        .as("connections borrowed from the service's pool, by Recount and the ledger alike")
        .isGreaterThan(connections);
    assertThat(metric("hikaricp.connections.max", "VALUE")).isEqualTo(10);
    assertThat(metric("hikaricp.connections.active", "VALUE")).isBetween(0.0, 10.0);

    // The follower reads the bank's log by polling: wait until the health says it has caught up.
    JsonNode recount = recountHealth();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (follower(recount).get("lag").asLong() != 0
        || follower(recount).get("position").asLong()
            < recount.get("details").get("lastNotificationId").asLong()) {
      assertThat(System.nanoTime() - deadline)
          .as("the follower caught up in time")
          .isNegative();
      Thread.sleep(50);
      recount = recountHealth();
    }
    assertThat(recount.get("status").asText()).isEqualTo("UP");
    long head = recount.get("details").get("lastNotificationId").asLong();
    assertThat(follower(recount).get("head").asLong()).isEqualTo(head);
    String[] audit = {"application:audit", "upstream:bank"};
    assertThat(metric("recount.follower.position", "VALUE", audit)).isEqualTo(head);
    assertThat(metric("recount.follower.lag", "VALUE", audit)).isZero();
    assertThat(metric("recount.notifications.processed", "COUNT", "application:audit"))
        .isGreaterThanOrEqualTo(3);
  }

  @Test
  void savesAndLoadsAreObservedAsTheMeterHandlersTimers() {
    String[] tags = {"application:" + application(), "aggregate:Account", "outcome:success"};
    double saved = metric("recount.save", "COUNT", tags);
    double loaded = metric("recount.load", "COUNT", tags);

    JsonNode opened = send("POST", "/accounts", "{\"owner\": \"Ada\"}", 201);
    send("POST", "/accounts/" + opened.get("id").asText() + "/deposits", "{\"amount\": 5}", 200);

    assertThat(metric("recount.save", "COUNT", tags)).isEqualTo(saved + 2);
    assertThat(metric("recount.load", "COUNT", tags)).isEqualTo(loaded + 1);
    assertThat(hasMeter("recount.save.active"))
        .as("the saves' long-task timer")
        .isEqualTo(longTaskTimers());
    assertThat(hasMeter("recount.load.active"))
        .as("the loads' long-task timer")
        .isEqualTo(longTaskTimers());
  }

  private static JsonNode follower(JsonNode recount) {
    return recount.get("details").get("followers").get("audit").get("bank");
  }
}
