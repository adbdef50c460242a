package dev.recount.examples.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.Metadata;
import dev.recount.StoredEvent;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Event metadata over the HTTP notification log: served as stored (encrypted with the state), and
 * checked and decrypted by the follower's {@link RemoteNotificationLog}.
 */
class RemoteMetadataTest {
  private final String key = CipherKeys.generate();
  private final Application app = Application.builder().cipherKey(key).build();
  private final NotificationLogServer server =
      NotificationLogServer.start(app, new InetSocketAddress("127.0.0.1", 0));

  @AfterEach
  void close() {
    server.close();
    app.close();
  }

  @Test
  @SuppressWarnings("try") // the scope is only opened and closed
  void aRemoteReaderSeesEachEventsMetadataAndTheServerSendsItEncrypted() throws Exception {
    Metadata request =
        Metadata.empty().withCorrelationId("request-7").withPrincipal("alice@example.com");
    World world = World.create();
    world.makeItSo("dinosaurs");
    try (Metadata.Scope scope = Metadata.scope(request)) {
      WorldRepository.of(app).save(world);
    }
    WorldRepository.of(app).save(World.create());

    RemoteNotificationLog remote =
        RemoteNotificationLog.connect(server.uri(), Map.of("CIPHER_KEY", key));
    List<Notification> read = remote.select(1, 10);
    assertThat(read).extracting(Notification::metadata).containsExactly(request, request, null);
    assertThat(read)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(app.log().select(1, 10));

    HttpResponse<String> page = HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.uri() + "?from=1&limit=10"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(page.body()).doesNotContain("alice").doesNotContain("request-7");
    JsonNode items = new ObjectMapper().readTree(page.body()).get("items");
    StoredEvent first = app.storedEvents(world.id()).get(0);
    assertThat(Base64.getDecoder().decode(items.get(0).get("metadata").asText()))
        .isEqualTo(first.metadata());
    assertThat(items.get(2).has("metadata"))
        .as("none for an event without metadata")
        .isFalse();
  }
}
