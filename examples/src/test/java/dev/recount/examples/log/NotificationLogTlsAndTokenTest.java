package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.PersistenceError;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The log over HTTPS with a bearer token: a self-signed certificate made at test time. */
class NotificationLogTlsAndTokenTest {
  private static final String TOKEN = "s3cret-" + CipherKeys.generate().substring(0, 12);

  private final String key = CipherKeys.generate();
  private final Application app = Application.builder().cipherKey(key).build();
  private final NotificationLogServer server;

  NotificationLogTlsAndTokenTest() throws Exception {
    server = NotificationLogServer.builder(app)
        .tls(TestTls.server())
        .bearerToken(TOKEN)
        .requestTimeout(Duration.ofSeconds(5))
        .start();
  }

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
  void aFollowerWithTheTokenReadsTheLogOverTls() throws Exception {
    saveWorlds(3);
    RemoteNotificationLog remote = RemoteNotificationLog.builder(server.uri())
        .settings(Map.of("CIPHER_KEY", key))
        .tls(TestTls.client())
        .bearerToken(TOKEN)
        .build();

    assertThat(server.uri().toString()).startsWith("https://127.0.0.1:");
    assertThat(new NotificationLogReader(remote).read())
        .extracting(Notification::id)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(remote.maxId()).isEqualTo(6);
  }

  @Test
  void theRightTokenGets200AndAWrongOrMissingOneGets401() throws Exception {
    saveWorlds(1);
    HttpClient http = HttpClient.newBuilder()
        .sslContext(TestTls.client())
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    assertThat(get(http, "Bearer " + TOKEN).statusCode()).isEqualTo(200);
    HttpResponse<String> none = get(http, null);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(none.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertThat(none.body()).doesNotContain("originator_id");
    assertThat(get(http, "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(get(http, "Bearer " + TOKEN + "x").statusCode()).isEqualTo(401);
    assertThat(get(http, "Basic " + TOKEN).statusCode()).isEqualTo(401);
    assertThat(get(http, TOKEN).statusCode()).isEqualTo(401);

    RemoteNotificationLog without = RemoteNotificationLog.builder(server.uri())
        .settings(Map.of("CIPHER_KEY", key))
        .tls(TestTls.client())
        .build();
    assertThatThrownBy(() -> without.select(1, 10))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("401")
        .hasMessageContaining("none was configured");
    RemoteNotificationLog wrong = RemoteNotificationLog.builder(server.uri())
        .settings(Map.of("CIPHER_KEY", key))
        .tls(TestTls.client())
        .bearerToken("wrong")
        .build();
    assertThatThrownBy(wrong::maxId)
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("401")
        .hasMessageContaining("token is wrong");
  }

  @Test
  void aPlainHttpClientAgainstTheTlsPortFails() {
    saveWorlds(1);
    URI plain = URI.create(server.uri().toString().replace("https://", "http://"));
    RemoteNotificationLog remote = RemoteNotificationLog.builder(plain)
        .settings(Map.of("CIPHER_KEY", key))
        .bearerToken(TOKEN)
        .build();

    assertThatThrownBy(() -> remote.select(1, 10))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("cannot read the notification log");
  }

  @Test
  void aClientThatDoesNotTrustTheCertificateFails() {
    RemoteNotificationLog remote = RemoteNotificationLog.builder(server.uri())
        .settings(Map.of("CIPHER_KEY", key))
        .bearerToken(TOKEN)
        .build(); // the JDK's trust

    assertThatThrownBy(remote::maxId)
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("cannot read the notification log");
  }

  private HttpResponse<String> get(HttpClient http, String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + "?from=1"))
        .timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
