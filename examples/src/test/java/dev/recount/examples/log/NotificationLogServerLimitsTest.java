package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.PersistenceError;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.log.Notification;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Slow and flooding clients on loopback cannot keep a well-behaved follower from its page for
 * longer than one request timeout. Every loop here is bounded in count and in time.
 */
class NotificationLogServerLimitsTest {
  private static final int MAX_CONNECTIONS = 8;
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final Application app = Application.builder().build();
  private final NotificationLogServer server = NotificationLogServer.builder(app)
      .maxConnections(MAX_CONNECTIONS)
      .requestTimeout(REQUEST_TIMEOUT)
      .idleTimeout(Duration.ofSeconds(2))
      .start();
  private final List<Socket> attackers = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  NotificationLogServerLimitsTest() {
    World world = World.create();
    world.makeItSo("a");
    WorldRepository.of(app).save(world);
  }

  @AfterEach
  void close() throws IOException {
    pool.shutdownNow();
    for (Socket socket : attackers) {
      socket.close();
    }
    server.close();
    app.close();
  }

  /** Opens a connection that sends a request head one byte at a time, every 200 ms, for 15 s. */
  private Future<Duration> slowloris() throws IOException {
    Socket socket = connect();
    return pool.submit(() -> {
      long start = System.nanoTime();
      byte[] head = ("GET /notifications?from=1&limit=10 HTTP/1.1\r\nHost: x\r\n" + "X-Padding: "
              + "a".repeat(200) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      OutputStream out = socket.getOutputStream();
      try {
        for (int i = 0; i < head.length && System.nanoTime() - start < 15_000_000_000L; i++) {
          out.write(head[i]);
          out.flush();
          Thread.sleep(200);
        }
      } catch (IOException e) {
        return Duration.ofNanos(System.nanoTime() - start); // the server closed it
      }
      return Duration.ofDays(1); // never closed
    });
  }

  private Socket connect() throws IOException {
    Socket socket = new Socket();
    attackers.add(socket);
    socket.connect(new InetSocketAddress("127.0.0.1", server.uri().getPort()), 5000);
    return socket;
  }

  /** Reads the first page as a follower would, trying again for up to 10 s; how long it took. */
  private Duration wellBehavedRead() throws InterruptedException {
    long start = System.nanoTime();
    RemoteNotificationLog remote = RemoteNotificationLog.connect(server.uri(), Map.of());
    PersistenceError last = null;
    while (System.nanoTime() - start < 10_000_000_000L) {
      try {
        assertThat(remote.select(1, 10)).extracting(Notification::id).containsExactly(1L, 2L);
        return Duration.ofNanos(System.nanoTime() - start);
      } catch (PersistenceError e) { // refused at the connection limit: try again
        last = e;
        Thread.sleep(100);
      }
    }
    throw new AssertionError("no page in 10 s", last);
  }

  @Test
  void fewerSlowClientsThanTheLimitDelayNobody() throws Exception {
    List<Future<Duration>> slow = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS / 2; i++) {
      slow.add(slowloris());
    }
    Thread.sleep(500);

    assertThat(wellBehavedRead()).isLessThan(Duration.ofSeconds(1));
    for (Future<Duration> client : slow) {
      // Cut off at the request timeout (checked every 50 ms), though still sending.
      assertThat(client.get(20, TimeUnit.SECONDS)).isLessThan(REQUEST_TIMEOUT.plusSeconds(2));
    }
  }

  @Test
  void asManySlowClientsAsTheLimitHoldItForOneRequestTimeoutAtMost() throws Exception {
    List<Future<Duration>> slow = new ArrayList<>();
    for (int i = 0; i < MAX_CONNECTIONS; i++) {
      slow.add(slowloris());
    }
    Thread.sleep(300);

    // The slow clients would dribble for 15 s; the follower waits one request timeout at most.
    assertThat(wellBehavedRead()).isLessThan(REQUEST_TIMEOUT.plusSeconds(2));
    for (Future<Duration> client : slow) {
      assertThat(client.get(20, TimeUnit.SECONDS)).isLessThan(REQUEST_TIMEOUT.plusSeconds(2));
    }
  }

  @Test
  void aFloodOfSilentConnectionsBeyondTheLimitDelaysAFollowerOneRequestTimeoutAtMost()
      throws Exception {
    int flood = MAX_CONNECTIONS * 5;
    for (int i = 0; i < flood; i++) {
      connect();
    }
    Thread.sleep(300);

    assertThat(wellBehavedRead()).isLessThan(REQUEST_TIMEOUT.plusSeconds(2));
    // Every flooding connection was closed: those beyond the limit at once, the rest at the
    // request timeout.
    long deadline = System.nanoTime() + 10_000_000_000L;
    for (Socket socket : attackers) {
      socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      assertThat(read(socket.getInputStream())).isEqualTo(-1);
    }
  }

  @Test
  void aKeptAliveConnectionIsClosedWhenIdleAndAnOversizedHeadIsRefused() throws Exception {
    Socket idle = connect();
    idle.getOutputStream()
        .write("GET /notifications/max HTTP/1.1\r\nHost: x\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
    idle.setSoTimeout(10_000);
    InputStream in = idle.getInputStream();
    long start = System.nanoTime();
    String answer = new String(in.readNBytes(17), StandardCharsets.US_ASCII);
    assertThat(answer).isEqualTo("HTTP/1.1 200 OK\r\n");
    while (read(in) >= 0) {
      // the rest of the response, then the end: closed after the idle timeout
      assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

    Socket large = connect();
    large.setSoTimeout(10_000);
    try {
      large
          .getOutputStream()
          .write(("GET /notifications HTTP/1.1\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      // closed while still sending: as good
    }
    String refused;
    try {
      refused = new String(large.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    } catch (java.net.SocketException e) {
      refused = ""; // reset: refused as well
    }
    assertThat(refused).doesNotContain("200 OK");
  }

  private static int read(InputStream in) throws IOException {
    try {
      return in.read();
    } catch (java.net.SocketException e) {
      return -1; // reset by the server: closed as well
    }
  }
}
