package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.PersistenceError;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServlet;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The log's servlet mounted in an embedded Jetty, under a context path, with a token. */
class NotificationLogServletTest {
  private final String key = CipherKeys.generate();
  private final Application app = Application.builder().cipherKey(key).build();
  private final Server jetty = new Server();
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/shop");
    context.addServlet(new ServletHolder(new NotificationLogServlet(app, "t0ken")),
        "/events/*");
    jetty.setHandler(context);
    jetty.start();
    uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/shop/events");
    for (int i = 0; i < 3; i++) {
      World world = World.create();
      world.makeItSo("thing " + i);
      WorldRepository.of(app).save(world);
    }
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    app.close();
  }

  @Test
  void aFollowerReadsTheLogFromTheServlet() {
    RemoteNotificationLog remote = RemoteNotificationLog.builder(uri)
        .settings(Map.of("CIPHER_KEY", key)).bearerToken("t0ken").build();

    assertThat(new NotificationLogReader(remote).pageSize(4).read()).extracting(Notification::id)
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(remote.maxId()).isEqualTo(6);
  }

  @Test
  void pagesLinkUnderTheMountAndATokenIsRequired() throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(uri + "?from=2&limit=2"))
        .header("Authorization", "Bearer t0ken").timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("\"next\":\"/shop/events?from=4&limit=2\"")
        .contains("\"gap_free\":true");
    HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThatThrownBy(() -> RemoteNotificationLog.builder(uri).settings(Map.of("CIPHER_KEY", key))
        .bearerToken("wrong").build().maxId()).isInstanceOf(PersistenceError.class)
        .hasMessageContaining("401");
  }
}
