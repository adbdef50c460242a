package dev.recount.store;

import static dev.recount.store.StoreDatabase.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.Checkpoint;
import dev.recount.SigningKeys;
import dev.recount.StoredEvent;
import dev.recount.http.NotificationLogServlet;
import dev.recount.http.RefusedNotificationPage;
import dev.recount.http.RefusedNotificationPage.Problem;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.internal.Internal;
import dev.recount.log.Notification;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The log's servlet in an embedded Jetty serves the signed checkpoints with its pages, as the
 * standalone server does (both answer through one resource; the examples' tests tamper with the
 * server's pages through a proxy). Here the server itself is compromised: rows changed in its
 * database after they were signed, which its own hashes cannot show, are refused by a follower
 * holding only the verifying key. (In this package for the hand-written Counter aggregate.)
 */
class SignedLogServletTest {
  private static final SigningKeys.Pair KEYS = SigningKeys.generate();

  private final StoreDatabase database = new StoreDatabase();
  private Server jetty;
  private Application app;
  private EventStore store;
  private URI uri;

  @BeforeEach
  void start() throws Exception {
    serve();
  }

  private void serve() throws Exception {
    app =
        Application.builder().dbUri(database.url).signingKey(KEYS.signingKey()).build();
    store = Internal.applications().store(app);
    jetty = new Server();
    ServerConnector connector = new ServerConnector(jetty);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    jetty.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler("/shop");
    context.addServlet(new ServletHolder(new NotificationLogServlet(app)), "/events/*");
    jetty.setHandler(context);
    jetty.start();
    uri = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/shop/events");
  }

  @AfterEach
  void stop() throws Exception {
    jetty.stop();
    app.close();
    database.close();
  }

  private UUID saveCounter() {
    Counter counter = Counter.create();
    counter.add(1);
    counter.add(2);
    counter.add(3);
    store.save(List.of(counter), null);
    return counter.id();
  }

  private RemoteNotificationLog.Builder follower() {
    return RemoteNotificationLog.builder(uri).settings(Map.of()).verifyingKey(KEYS.verifyingKey());
  }

  @Test
  void aFollowerVerifiesThePagesAndSaysHowFar() {
    saveCounter();
    Checkpoint first = app.checkpoint().orElseThrow();
    saveCounter();
    app.checkpoint();
    saveCounter(); // ids 9..12, after the newest checkpoint

    RemoteNotificationLog follower = follower().trustedCheckpoint(first.line()).build();
    assertThat(follower.select(1, 3)).extracting(Notification::id).containsExactly(1L, 2L, 3L);
    assertThat(follower.select(4, 100)).extracting(Notification::id).hasSize(9).endsWith(12L);
    assertThat(follower.checkpointedUpTo()).isEqualTo(8);
  }

  @Test
  void idsSwappedInTheServersDatabaseAreRefused() {
    saveCounter(); // ids 1..4: Created, then three Added
    app.checkpoint();
    // Two events of one aggregate trade ids: their hashes cover no id, so they still verify.
    database.update(
        "UPDATE " + EVENTS + " SET \"notification_id\" = -2 WHERE \"notification_id\" = 2");
    database.update(
        "UPDATE " + EVENTS + " SET \"notification_id\" = 2 WHERE \"notification_id\" = 3");
    database.update(
        "UPDATE " + EVENTS + " SET \"notification_id\" = 3 WHERE \"notification_id\" = -2");

    assertThatThrownBy(() -> follower().build().select(1, 100))
        .isInstanceOfSatisfying(RefusedNotificationPage.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.NOT_AS_SIGNED);
          assertThat(e.notificationId()).isEqualTo(2);
          assertThat(e).hasMessageContaining("id 2 is not the event the checkpoint up to id 4");
        });
    // A follower without the key reads it in the wrong order.
    assertThat(RemoteNotificationLog.builder(uri).settings(Map.of()).build().select(1, 100))
        .extracting(Notification::originatorVersion)
        .containsExactly(1L, 3L, 2L, 4L);
  }

  @Test
  void anEventInsertedWhereTheCheckpointHasAGapIsRefused() throws Exception {
    // Saved by an application that does not sign, so that the gap is there before any signing.
    jetty.stop();
    app.close();
    app = Application.builder().dbUri(database.url).build();
    store = Internal.applications().store(app);
    saveCounter();
    UUID second = saveCounter();
    // A gap, as a save rolled back on PostgreSQL leaves one; signed with the gap, filled later.
    StoredEvent taken = store.storedEvents(second).get(1);
    database.update("DELETE FROM " + EVENTS + " WHERE \"notification_id\" = 6");
    app.close();
    serve();
    assertThat(app.checkpoint().orElseThrow().events()).isEqualTo(7);
    database.update(
        "INSERT INTO " + EVENTS + " (\"notification_id\", \"originator_id\","
            + " \"originator_version\", \"topic\", \"timestamp_us\", \"state\","
            + " \"previous_hash\", \"hash\") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        taken.notificationId(),
        taken.originatorId(),
        taken.originatorVersion(),
        taken.topic(),
        taken.timestampMicros(),
        taken.state(),
        taken.previousHash(),
        taken.hash());

    assertThatThrownBy(() -> follower().gapFree(false).build().record(6))
        .isInstanceOfSatisfying(RefusedNotificationPage.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.NOT_AS_SIGNED);
          assertThat(e.notificationId()).isEqualTo(6);
          assertThat(e).hasMessageContaining("id 6 is not in the log the checkpoint up to id 8");
        });
  }

  @Test
  void aFollowerWithAnotherKeyRefusesThePages() {
    saveCounter();
    app.checkpoint();

    RemoteNotificationLog follower = RemoteNotificationLog.builder(uri)
        .settings(Map.of())
        .verifyingKey(SigningKeys.generate().verifyingKey())
        .build();
    assertThatThrownBy(() -> follower.select(1, 100))
        .isInstanceOfSatisfying(RefusedNotificationPage.class, e -> {
          assertThat(e.problem()).isEqualTo(Problem.BAD_CHECKPOINT);
          assertThat(e).hasMessageContaining("does not verify with the follower's verifying key");
        });
  }
}
