package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.ProcessSystem;
import dev.recount.process.Runner;
import dev.recount.process.SingleThreadedRunner;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Followers never stall on a prompt they could not yet see, on PostgreSQL: a save returns its
 * position, and the runners keep pulling until their followers have passed it, while a block of
 * smaller ids is still in flight (reserved by a transaction that ends without prompting anyone) or
 * while a write transaction is open in another database of the server. No poll helps: the threads
 * runner polls once an hour.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PostgresReadYourWritesTest {
  private DatabaseServer server;
  private String prefix;

  /** Copies each world created upstream into the mirror. */
  private static ProcessSystem system() {
    return ProcessSystem.builder()
        .application("source")
        .application("mirror", (notification, unit) -> {
          if (notification.event() instanceof World.Created) {
            unit.save(World.create(notification.originatorId()));
          }
        })
        .pipe("source", "mirror")
        .build();
  }

  private Function<String, Application.Builder> applications() {
    return name -> Application.builder()
        .dbUri(server.url())
        .dbUser(server.user())
        .dbPassword(server.password())
        .tablePrefix(prefix + name + "_");
  }

  @BeforeEach
  void open() {
    server = DatabaseServer.postgres().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_ryw");
  }

  @AfterEach
  void drop() {
    server.drop(prefix);
  }

  /** Reserves a block of the source's ids in a transaction that stays open until it is ended. */
  private Connection inFlightBlock() throws SQLException {
    Connection connection = server.connect();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT \"" + prefix + "source_reserve_ids\"(1)");
    }
    return connection;
  }

  private static void rollBackLater(Connection connection) {
    CompletableFuture.runAsync(() -> {
      try (connection) {
        Thread.sleep(300);
        connection.rollback();
      } catch (SQLException | InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  @Test
  void theSingleThreadedRunnersPromiseHoldsWhileASmallerBlockIsInFlight() throws Exception {
    try (Runner runner =
        SingleThreadedRunner.builder(system(), applications()).build().start()) {
      WorldRepository source = WorldRepository.of(runner.application("source"));
      WorldRepository mirror = WorldRepository.of(runner.application("mirror"));
      source.save(World.create()); // the tables exist, and the log has begun

      rollBackLater(inFlightBlock());
      World world = World.create();
      long position = source.save(world);

      assertThat(position).isPositive();
      assertThat(mirror.contains(world.id()))
          .as("processed when the save returned, once the smaller block was rolled back")
          .isTrue();
    }
  }

  @Test
  void theSingleThreadedRunnersPromiseHoldsWhileAnotherDatabaseHasAnOpenWrite() throws Exception {
    try (Runner runner =
            SingleThreadedRunner.builder(system(), applications()).build().start();
        Connection elsewhere = server.withDatabase("postgres").connect();
        Statement write = elsewhere.createStatement()) {
      elsewhere.setAutoCommit(false);
      write.execute("SELECT pg_current_xact_id()");
      WorldRepository source = WorldRepository.of(runner.application("source"));
      WorldRepository mirror = WorldRepository.of(runner.application("mirror"));
      for (int i = 0; i < 5; i++) {
        World world = World.create();
        source.save(world);
        assertThat(mirror.contains(world.id())).isTrue();
      }
      elsewhere.rollback();
    }
  }

  @Test
  void aThreadsRunnerCatchesUpWithAPromptedPositionWithoutPolling() throws Exception {
    try (Runner runner = MultiThreadedRunner.builder(system(), applications())
        .pollInterval(Duration.ofHours(1))
        .build()
        .start()) {
      WorldRepository source = WorldRepository.of(runner.application("source"));
      WorldRepository mirror = WorldRepository.of(runner.application("mirror"));
      long first = source.save(World.create());
      assertThat(runner.awaitProcessed("source", first, Duration.ofSeconds(10))).isTrue();

      Connection block = inFlightBlock();
      World world = World.create();
      long position = source.save(world);
      assertThat(runner.awaitProcessed("source", position, Duration.ofMillis(150)))
          .as("hidden behind the block in flight")
          .isFalse();
      rollBackLater(block);

      assertThat(runner.awaitProcessed("source", position, Duration.ofSeconds(10)))
          .isTrue();
      assertThat(mirror.contains(world.id())).isTrue();
    }
  }
}
