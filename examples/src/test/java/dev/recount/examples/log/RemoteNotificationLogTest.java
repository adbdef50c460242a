package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.DataIntegrityError;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The notification log over HTTP: pages with links, a remote reader, and 4xx for bad requests. */
class RemoteNotificationLogTest {
  private final String key = CipherKeys.generate();
  private final Application app = Application.builder().cipherKey(key).build();
  private final NotificationLogServer server =
      NotificationLogServer.start(app, new InetSocketAddress("127.0.0.1", 0));
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void close() {
    server.close();
    app.close();
  }

  private void saveWorlds(int count) {
    for (int i = 0; i < count; i++) {
      World world = World.create();
      world.makeItSo("thing " + i);
      WorldRepository.of(app).save(world);
    }
  }

  @Test
  void aRemoteReaderSeesWhatALocalReaderSees() {
    saveWorlds(30);
    RemoteNotificationLog remote =
        RemoteNotificationLog.connect(server.uri(), Map.of("CIPHER_KEY", key));

    NotificationLogReader reader = new NotificationLogReader(remote).pageSize(7);
    assertThat(reader.read())
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(new NotificationLogReader(app.log()).read());
    assertThat(remote.maxId()).isEqualTo(60);

    saveWorlds(1);
    assertThat(reader.read()).extracting(Notification::id).containsExactly(61L, 62L);
    assertThat(remote.get(62).orElseThrow().event())
        .isEqualTo(new World.SomethingHappened("thing 0"));
    assertThat(remote.select(1, 100, Set.of("dev.recount.examples.world.World.Created")))
        .hasSize(31);
  }

  @Test
  void aRemoteReaderSelectsUpToAnIdAndSeesEachRecordAsStored() {
    saveWorlds(5);
    RemoteNotificationLog remote =
        RemoteNotificationLog.connect(server.uri(), Map.of("CIPHER_KEY", key));

    assertThat(remote.select(3, 7, 100, Set.of()))
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(app.log().select(3, 5));
    assertThat(remote.select(3, 7, 2, Set.of()))
        .extracting(Notification::id)
        .containsExactly(3L, 4L);
    assertThat(remote.record(4)).isEqualTo(app.log().record(4));
    assertThat(remote.record(4).orElseThrow().state())
        .isEqualTo(
            app.storedEvents(remote.get(4).orElseThrow().originatorId()).get(1).state());
    assertThat(remote.record(11)).isEmpty();
  }

  @Test
  void theServerAnswersWithoutWaitingForNagle() throws Exception {
    // Otherwise each page waits for the client's delayed acknowledgement, about 40 ms: 60 pages
    // on one kept-alive connection would take 2.4 s at least.
    saveWorlds(1);
    get("/max");
    long start = System.nanoTime();
    for (int i = 0; i < 60; i++) {
      assertThat(get("?from=1&limit=2").statusCode()).isEqualTo(200);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2000));
  }

  @Test
  void theSimpleStartListensOnLoopbackOnly() {
    try (NotificationLogServer local = NotificationLogServer.start(app)) {
      assertThat(local.uri().getHost()).isEqualTo("127.0.0.1");
      assertThat(local.uri().getScheme()).isEqualTo("http");
    }
  }

  @Test
  void pagesLinkToTheNextAndPreviousPages() throws Exception {
    saveWorlds(5);

    HttpResponse<String> page = get("?from=3&limit=2");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(page.body())
        .contains("\"max_id\":10")
        .contains("\"gap_free\":true")
        .contains("\"next\":\"/notifications?from=5&limit=2\"")
        .contains("\"previous\":\"/notifications?from=1&limit=2\"")
        .contains("\"id\":3")
        .contains("\"id\":4")
        .doesNotContain("\"id\":5,");
    assertThat(get("?from=11&limit=2").body())
        .contains("\"items\":[]")
        .contains("\"next\":\"/notifications?from=11&limit=2\"");
    assertThat(get("/max").body()).isEqualTo("{\"max_id\":10}");
  }

  @Test
  void theServerHoldsNoKeyAndSendsNoPlaintext() throws Exception {
    saveWorlds(1);

    assertThat(get("?from=1&limit=10").body()).doesNotContain("thing 0");
  }

  @Test
  void aFollowerWithTheWrongKeyGetsAClearError() {
    saveWorlds(1);
    RemoteNotificationLog wrong =
        RemoteNotificationLog.connect(server.uri(), Map.of("CIPHER_KEY", CipherKeys.generate()));

    assertThatThrownBy(() -> wrong.select(1, 10))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("does not decrypt with the configured CIPHER_KEY");
  }

  @Test
  void badRequestsGetA4xxWithAMessage() throws Exception {
    assertBad("?from=abc", 400, "from 'abc' is not a whole number");
    assertBad("?from=0&limit=10", 400, "notification id 0 is out of range");
    assertBad("?from=-3", 400, "out of range");
    assertBad("?from=1&limit=100000", 400, "limit 100000 is out of range 1..1000");
    assertBad("?from=1&limit=0", 400, "limit 0 is out of range");
    assertBad("?from=99999999999999999999", 400, "is not a whole number");
    assertBad("?colour=blue", 400, "unknown parameter 'colour'");
    assertBad("/elsewhere", 404, "no such resource");
    HttpResponse<String> post = http.send(
        HttpRequest.newBuilder(server.uri())
            .POST(HttpRequest.BodyPublishers.ofString("{}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void aRemoteReaderReportsBadRequestsAsErrors() {
    RemoteNotificationLog remote =
        RemoteNotificationLog.connect(server.uri(), Map.of("CIPHER_KEY", key));

    assertThatThrownBy(() -> remote.select(0, 10)).isInstanceOf(IllegalArgumentException.class);
  }

  private void assertBad(String suffix, int status, String message) throws Exception {
    HttpResponse<String> response = get(suffix);
    assertThat(response.statusCode()).as(suffix).isEqualTo(status);
    assertThat(response.body()).as(suffix).contains(message);
  }

  private HttpResponse<String> get(String suffix) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.uri() + suffix))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
