package dev.recount.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import dev.recount.Application;
import dev.recount.Metadata;
import dev.recount.log.Notification;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.ActiveProfiles;

/**
 * One trace from an HTTP request to the events it stored and to the follower that processed them,
 * with Micrometer Tracing's Brave bridge as Spring Boot configures it: the request continues the
 * caller's W3C {@code traceparent}, the events carry its trace id (and the save's span as
 * {@code traceparent}) in their metadata, and the {@link Notices} follower's processing span and
 * the notice it stored are in the same trace.
 */
@ActiveProfiles("quiet")
@AutoConfigureObservability
@SpringBootTest(
    webEnvironment = WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:bank-trace-test;DB_CLOSE_DELAY=-1",
      "recount.table-prefix=traced_",
      "management.tracing.sampling.probability=1.0"
    })
class TraceTest {
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @LocalServerPort
  int port;

  @Autowired
  Application application;

  @Autowired
  Notices notices;

  /** A span as Brave reported it when it ended. */
  record FinishedSpan(String traceId, String name) {}

  /** Every span Brave ended in this JVM's contexts of this test. */
  static final List<FinishedSpan> spans = new CopyOnWriteArrayList<>();

  @TestConfiguration
  static class Spans {
    @Bean
    SpanHandler recordingSpanHandler() {
      return new SpanHandler() {
        @Override
        public boolean end(TraceContext context, MutableSpan span, Cause cause) {
          spans.add(new FinishedSpan(context.traceIdString(), span.name()));
          return true;
        }
      };
    }
  }

  @Test
  void theRequestsEventsAndTheFollowersProcessingAndEventsAreOneTrace() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts"))
                .header("Content-Type", "application/json")
                .header("traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01")
                .header("X-User", "ada@example.com")
                .header("X-Request-Id", "request-7")
                .POST(HttpRequest.BodyPublishers.ofString("{\"owner\": \"Ada\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(201);

    Notification opened = application.log().select(1, 10).stream()
        .filter(n -> n.event() instanceof Account.Opened)
        .findFirst()
        .orElseThrow();
    Metadata stored = opened.metadata();
    assertThat(stored.traceId()).isEqualTo(TRACE);
    assertThat(stored.principal()).isEqualTo("ada@example.com");
    assertThat(stored.correlationId()).isEqualTo("request-7");
    assertThat(stored.entries().get("traceparent")).startsWith("00-" + TRACE + "-");

    assertThat(notices.awaitProcessed(opened.id(), Duration.ofSeconds(20))).isTrue();
    Notification sent = application.log().select(1, 10).stream()
        .filter(n -> n.event() instanceof Notice.Sent)
        .findFirst()
        .orElseThrow();
    assertThat(sent.metadata().traceId()).isEqualTo(TRACE);
    assertThat(sent.metadata().causationId()).isEqualTo("bank:" + opened.id());
    assertThat(sent.metadata().correlationId()).isEqualTo("request-7");
    assertThat(sent.metadata().principal()).isEqualTo("ada@example.com");

    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (spans.stream().noneMatch(s -> s.name().startsWith("recount process"))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(spans)
        .filteredOn(s -> s.name().startsWith("recount"))
        .extracting(FinishedSpan::name)
        .contains("recount save", "recount process bank");
    assertThat(spans)
        .filteredOn(
            s -> s.name().startsWith("recount save") || s.name().startsWith("recount process"))
        .extracting(FinishedSpan::traceId)
        .containsOnly(TRACE);
  }

  @Test
  void aPrincipalOverTheMetadataLimitIsRefusedWith400AndNothingIsStored() throws Exception {
    long before = application.log().maxId();
    HttpResponse<String> response = HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/accounts"))
                .header("Content-Type", "application/json")
                .header("X-User", "u".repeat(Metadata.MAX_VALUE_LENGTH + 1))
                .POST(HttpRequest.BodyPublishers.ofString("{\"owner\": \"Bo\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("metadata principal is 513 characters long");
    assertThat(application.log().maxId()).isEqualTo(before);
  }
}
