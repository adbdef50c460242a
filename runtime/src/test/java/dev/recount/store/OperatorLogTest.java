package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.ProcessSystem;
import dev.recount.process.Runner;
import dev.recount.process.RunnerError;
import dev.recount.testlog.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/**
 * What the runtime logs for an operator, through SLF4J, captured by the tests' own binding: the
 * database and its tables at start, the pipeline's settings (never the key), saves only at DEBUG,
 * subscriber failures, and a runner's and its followers' lifecycle. On H2.
 */
class OperatorLogTest {
  private static final String JOOQ = "dev.recount.jooq";
  private static final String STORE = "dev.recount.store";
  private static final String PROCESS = "dev.recount.process";

  @Test
  void startingSaysWhichDatabaseWhatWasCreatedAndHowRecordsAreStoredButNeverTheKey() {
    String key = CipherKeys.generate();
    String url = "jdbc:h2:mem:logs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;PASSWORD=hunter2";
    try (LogCapture log = LogCapture.start()) {
      try (Application first = Application.builder()
              .dbUri(url)
              .dbUser("sa")
              .tablePrefix("logs_")
              .cipherKey(key)
              .compressor("zlib")
              .snapshottingInterval(50)
              .build();
          Application second =
              Application.builder().dbUri(url).dbUser("sa").tablePrefix("logs_").build()) {
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
      }
      assertThat(log.messages(JOOQ, Level.INFO)).hasSize(5).satisfies(lines -> {
        assertThat(lines.get(0))
            .startsWith("opened jdbc:h2:mem:logs-")
            .endsWith(";PASSWORD=*** as user 'sa' (H2) with a connection pool of its own,"
                + " at most 10 connections");
        assertThat(lines.get(1))
            .startsWith("created the missing ")
            .contains("logs_events", "logs_snapshots");
        assertThat(lines.get(2)).startsWith("checked the tables logs_* at jdbc:h2:mem:logs-");
        assertThat(lines.get(3)).startsWith("opened jdbc:h2:mem:logs-");
        // The second application found the tables: nothing created.
        assertThat(lines.get(4)).startsWith("checked the tables logs_*");
      });
      assertThat(log.messages(STORE, Level.INFO))
          .containsExactly(
              "store logs_*: encryption on (AES-GCM), compression zlib, hash chain on, snapshots"
                  + " every 50 events, largest event 1048576 bytes",
              "store logs_*: encryption off, compression none, hash chain on, snapshots off,"
                  + " largest event 1048576 bytes");
      // Recount's own lines; HikariCP logs the URL as given, at DEBUG, under com.zaxxer.hikari.
      assertThat(recounts(log))
          .noneSatisfy(line -> assertThat(line.message()).contains(key))
          .noneSatisfy(line -> assertThat(line.message()).contains("hunter2"));
    }
  }

  @Test
  void anApplicationOverTheServicesDataSourceSaysSo() {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:logs-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    try (LogCapture log = LogCapture.start();
        Application app = Application.builder().dataSource(dataSource).build()) {
      assertThat(log.messages(JOOQ, Level.INFO).get(0))
          .startsWith("opened jdbc:h2:mem:logs-")
          .endsWith(" (H2) with the application's DataSource (org.h2.jdbcx.JdbcDataSource)");
      assertThat(app.log().maxId()).isZero();
    }
  }

  @Test
  void savesAreLoggedOnlyAtDebug() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = Application.builder().dbUri(database.url).build();
        LogCapture log = LogCapture.start()) {
      Counter counter = Counter.create();
      counter.add(1);
      app.save(counter);
      assertThat(recounts(log)).allSatisfy(line -> assertThat(line.level()).isEqualTo(Level.DEBUG));
      assertThat(log.messages("dev.recount", Level.DEBUG))
          .containsExactly("saved 2 events as notifications 1 to 2");
    }
  }

  @Test
  void aFailingSubscriberIsLoggedAtErrorWithItsNotification() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = Application.builder().dbUri(database.url).build();
        LogCapture log = LogCapture.start()) {
      IllegalStateException boom = new IllegalStateException("boom");
      app.subscribe(notification -> {
        throw boom;
      });
      Counter counter = Counter.create();
      app.save(counter);
      LogCapture.Line line = log.lines().stream()
          .filter(logged -> logged.level() == Level.ERROR)
          .findFirst()
          .orElseThrow();
      assertThat(line.logger()).isEqualTo("dev.recount");
      assertThat(line.message())
          .startsWith("subscriber ")
          .endsWith(" failed on notification 1 (" + Counter_Created_Codec.TOPIC + " of "
              + counter.id() + ")");
      assertThat(line.error()).isSameAs(boom);
    }
  }

  @Test
  void aRunnerLogsItsLifeItsFollowersPositionsAndAFailure() throws Exception {
    ProcessSystem system = ProcessSystem.builder()
        .application("orders")
        .application("counting", (notification, unit) -> unit.save(Counter.create()))
        .application("failing", (notification, unit) -> {
          throw new IllegalStateException("policy broke");
        })
        .pipe("orders", "counting")
        .pipe("orders", "failing")
        .build();
    try (StoreDatabase database = new StoreDatabase();
        LogCapture log = LogCapture.start()) {
      Runner runner = MultiThreadedRunner.builder(
              system, name -> Application.builder().dbUri(database.url).tablePrefix(name + "_"))
          .pollInterval(Duration.ofMillis(100))
          .build()
          .start();
      runner.application("orders").save(Counter.create());
      log.await(
          line -> line.message().equals("counting processed 1 notifications of orders"),
          Duration.ofSeconds(30));
      log.await(line -> line.level() == Level.ERROR, Duration.ofSeconds(30));
      assertThatThrownBy(runner::stop).isInstanceOf(RunnerError.class);

      assertThat(log.messages(PROCESS, Level.INFO))
          .contains(
              "the multi-threaded runner started [orders, counting, failing], polling every 100"
                  + " ms",
              "counting follows [orders] from orders 0",
              "counting stopped at orders 1",
              "the runner of [orders, counting, failing] stopped after failures (they were logged"
                  + " as they happened)");
      LogCapture.Line failure = log.lines().stream()
          .filter(line -> line.level() == Level.ERROR)
          .findFirst()
          .orElseThrow();
      assertThat(failure.logger()).isEqualTo(PROCESS);
      assertThat(failure.message())
          .isEqualTo("failing failed; the runner lists it in failures(), and stop() throws it");
      assertThat(failure.error()).hasRootCauseMessage("policy broke");
    }
  }

  private static List<LogCapture.Line> recounts(LogCapture log) {
    return log.lines().stream()
        .filter(line -> line.logger().startsWith("dev.recount"))
        .toList();
  }
}
