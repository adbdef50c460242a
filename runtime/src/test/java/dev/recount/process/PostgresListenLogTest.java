package dev.recount.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.internal.PostgresPrompts;
import dev.recount.store.EventStore.Address;
import dev.recount.testing.DatabaseServer;
import dev.recount.testlog.LogCapture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * A follower's LISTEN connection killed by the server ({@code pg_terminate_backend}, as a restart
 * or a failover would): the loss is logged at WARN, the reconnect at INFO, and the follower is
 * prompted again to catch up on what it missed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresListenLogTest {
  private static final String PROCESS = "dev.recount.process";

  @Test
  void aLostListenIsLoggedAndSoIsTheReconnect() throws Exception {
    String prefix = DatabaseServer.newPrefix("rt_listen");
    DatabaseServer server = DatabaseServer.postgres().requireReachable();
    Address address = new Address(server.url(), server.user(), server.password(), prefix);
    AtomicInteger prompts = new AtomicInteger();
    String listening = "recount-listen-" + prefix + " listens on channel " + prefix + "events";
    try (LogCapture log = LogCapture.start()) {
      PostgresPrompts.Listener listener = new PostgresPrompts.Listener(
          address, prompts::incrementAndGet, "recount-listen-" + prefix);
      try {
        killAndReconnect(server, prefix, log, prompts, listening);
      } finally {
        listener.close();
      }
    }
  }

  private static void killAndReconnect(
      DatabaseServer server, String prefix, LogCapture log, AtomicInteger prompts, String listening)
      throws InterruptedException {
    log.await(line -> line.message().equals(listening), Duration.ofSeconds(30));
    assertThat(prompts.get()).isEqualTo(1); // once after connecting, for what it missed

    long killed = server.queryLong("SELECT count(pg_terminate_backend(pid)) FROM"
        + " pg_stat_activity WHERE query = 'LISTEN \"" + prefix + "events\"'");
    assertThat(killed).isEqualTo(1);

    LogCapture.Line lost = log.await(line -> line.level() == Level.WARN, Duration.ofSeconds(30));
    assertThat(lost.logger()).isEqualTo(PROCESS);
    assertThat(lost.message())
        .startsWith("recount-listen-" + prefix + " lost LISTEN on channel " + prefix + "events (")
        .endsWith("); reconnecting every second, polling meanwhile");
    log.await(
        line -> line.message().equals(listening + " again; catching up on what it missed"),
        Duration.ofSeconds(30));
    assertThat(log.messages(PROCESS, Level.INFO)).hasSize(1);
    assertThat(prompts.get()).isEqualTo(2);
  }
}
