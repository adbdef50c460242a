package dev.recount.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.internal.Coalescer;
import dev.recount.testlog.LogCapture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What a follower logs when its leader cannot be reached (once, not at every poll, and again when
 * it can), and a prompt that is lost: both were swallowed silently before. Real threads, a real
 * HTTP log that goes away and comes back, H2.
 */
class FollowerLogTest {
  private static final String PROCESS = "dev.recount.process";

  @Test
  void aLeaderThatCannotBeReachedIsLoggedOnceAndItsReturnToo() throws Exception {
    try (Application orders = Application.builder().build();
        Application counting = Application.builder().build();
        LogCapture log = LogCapture.start()) {
      NotificationLogServer server =
          NotificationLogServer.start(orders, new InetSocketAddress("127.0.0.1", 0));
      URI uri = server.uri();
      int port = uri.getPort();
      server.close(); // the leader is away from the start
      ProcessApplication process = ProcessApplication.builder("counting", counting)
          .follow("orders", RemoteNotificationLog.connect(uri))
          .policy((notification, unit) -> {})
          .build();
      FollowerThread follower = new FollowerThread(process, Duration.ofMillis(50), failure -> {});
      follower.start();
      NotificationLogServer back = null;
      try {
        log.await(
            line -> log.messages(PROCESS, Level.DEBUG).stream()
                    .filter(message -> message.startsWith("counting still cannot process orders"))
                    .count()
                >= 2,
            Duration.ofSeconds(30));
        back = NotificationLogServer.start(orders, new InetSocketAddress("127.0.0.1", port));
        assertThat(back.uri()).isEqualTo(uri);
        log.await(
            line -> line.message().equals("counting reaches orders again"), Duration.ofSeconds(30));
      } finally {
        // Stopped while the leader is back, or it would be unreachable (and logged) again.
        follower.stop();
        assertThat(follower.join(Duration.ofSeconds(30))).isTrue();
        if (back != null) {
          back.close();
        }
      }

      List<String> warnings = log.messages(PROCESS, Level.WARN);
      assertThat(warnings).hasSize(1);
      assertThat(warnings.get(0))
          .startsWith("counting cannot process orders (cannot read the notification log at " + uri)
          .endsWith("); retrying at each poll, every 50 ms");
      assertThat(log.messages(PROCESS, Level.INFO))
          .containsExactly(
              "counting follows [orders] from orders 0",
              "counting reaches orders again",
              "counting stopped at orders 0");
    }
  }

  @Test
  void aPromptThatCannotBeDeliveredIsLoggedAsLost() throws Exception {
    try (LogCapture log = LogCapture.start();
        Coalescer prompter = new Coalescer("recount-prompt-orders", () -> {
          throw new IllegalStateException("the follower's pipe is closed");
        })) {
      prompter.signal();
      LogCapture.Line lost = log.await(line -> line.level() == Level.WARN, Duration.ofSeconds(30));
      assertThat(lost.logger()).isEqualTo(PROCESS);
      assertThat(lost.message())
          .isEqualTo("a prompt from recount-prompt-orders was lost"
              + " (java.lang.IllegalStateException: the follower's pipe is closed); the followers'"
              + " polling makes up for it, and further losses are logged at DEBUG until one is"
              + " delivered");
    }
  }

  @Test
  void anOutageOfPromptsIsOneWarningAndItsEndOneInfo() throws Exception {
    java.util.concurrent.atomic.AtomicInteger runs =
        new java.util.concurrent.atomic.AtomicInteger();
    try (LogCapture log = LogCapture.start();
        Coalescer prompter = new Coalescer("recount-prompt-orders", () -> {
          if (runs.incrementAndGet() <= 3) {
            throw new IllegalStateException("the database is gone");
          }
        })) {
      for (int i = 1; i <= 4; i++) {
        prompter.signal();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (runs.get() < i) {
          assertThat(System.nanoTime() - deadline)
              .as("prompt %d run in time", i)
              .isNegative();
          Thread.sleep(5);
        }
      }
      LogCapture.Line back = log.await(line -> line.level() == Level.INFO, Duration.ofSeconds(30));
      assertThat(back.message())
          .isEqualTo("prompts from recount-prompt-orders are delivered again, after 3 lost");
      assertThat(log.messages(PROCESS, Level.WARN)).hasSize(1);
    }
  }
}
