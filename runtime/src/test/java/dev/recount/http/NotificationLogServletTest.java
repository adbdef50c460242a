package dev.recount.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.PersistenceError;
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

/**
 * The log's servlet mounted in an embedded Jetty 12 on loopback, under a context path, with a
 * token. (The runtime has no event classes of its own, so the log is empty here; the pages with
 * events come from the same LogResource that the examples' tests read through the server.)
 */
class NotificationLogServletTest {
  private final Application app = Application.builder().build();
  private final Server jetty = new Server();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/shop");
    context.addServlet(new ServletHolder(new NotificationLogServlet(app, "t0ken")), "/events/*");
    jetty.setHandler(context);
    jetty.start();
    uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/shop/events");
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    app.close();
  }

  private HttpResponse<String> get(String suffix, String authorization) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(uri + suffix)).timeout(Duration.ofSeconds(10));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesPagesThatLinkUnderTheMount() throws Exception {
    HttpResponse<String> page = get("?from=3&limit=2", "Bearer t0ken");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(page.body())
        .contains("\"gap_free\":true")
        .contains("\"items\":[]")
        .contains("\"next\":\"/shop/events?from=3&limit=2\"")
        .contains("\"previous\":\"/shop/events?from=1&limit=2\"");
    assertThat(get("/max", "Bearer t0ken").body()).isEqualTo("{\"max_id\":0}");
    assertThat(get("?from=0", "Bearer t0ken").statusCode()).isEqualTo(400);
    assertThat(get("/elsewhere", "Bearer t0ken").statusCode()).isEqualTo(404);
  }

  @Test
  void asksForTheToken() throws Exception {
    HttpResponse<String> anonymous = get("", null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
    assertThat(get("", "Bearer wrong").statusCode()).isEqualTo(401);
  }

  @Test
  void aRemoteLogFollowsIt() {
    RemoteNotificationLog remote = RemoteNotificationLog.builder(uri)
        .settings(Map.of())
        .bearerToken("t0ken")
        .build();
    assertThat(remote.select(1, 10)).isEmpty();
    assertThat(remote.maxId()).isZero();

    RemoteNotificationLog anonymous =
        RemoteNotificationLog.builder(uri).settings(Map.of()).build();
    assertThatThrownBy(anonymous::maxId)
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("401");
  }
}
