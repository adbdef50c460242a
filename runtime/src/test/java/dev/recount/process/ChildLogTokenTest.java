package dev.recount.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A child JVM of the multi-process runner serves its log on loopback with a bearer token of its
 * own, which it tells only the runner, over its standard output: another user of the machine who
 * finds the port cannot read the log.
 */
class ChildLogTokenTest {
  /** The child: one application with no leaders, in an in-memory H2 database. */
  public static void main(String[] args) {
    ProcessSystem system = ProcessSystem.builder().application("leader").build();
    System.exit(MultiProcessRunner.runChild(system, "leader", name -> Application.builder()));
  }

  @Test
  void theChildsLogAnswersOnlyRequestsWithItsToken() throws Exception {
    ChildHandle child = ChildHandle.launch(
        "leader",
        MultiProcessRunner.javaCommand(ChildLogTokenTest.class.getName()),
        Map.of(),
        (handle, message) -> {},
        handle -> {});
    try {
      assertThat(child.awaitReady(System.nanoTime() + TimeUnit.SECONDS.toNanos(60)))
          .as(() -> "the child got ready: " + child.describeExit())
          .isTrue();
      URI max = URI.create(child.uri() + "/max");
      assertThat(child.uri().getHost()).isEqualTo("127.0.0.1");
      assertThat(child.token()).hasSizeGreaterThanOrEqualTo(43);

      assertThat(status(max, null)).isEqualTo(401);
      assertThat(status(max, "not-" + child.token())).isEqualTo(401);
      assertThat(status(max, child.token())).isEqualTo(200);
    } finally {
      child.kill();
    }
  }

  private static int status(URI uri, String token) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return HttpClient.newHttpClient()
        .send(request.build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
