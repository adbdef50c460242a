package dev.recount.examples.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.ConcurrencyError;
import dev.recount.ConfigurationError;
import dev.recount.RecordedEvent;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.testing.ChildJvm;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The application on a real database, run unchanged against each: event store, optimistic
 * concurrency (threads, and JVMs), snapshots, encryption, notification ids, and the examples
 * program configured by {@code DB_URI}. Subclasses only name the database. Every test has tables of
 * its own (a fresh {@code TABLE_PREFIX}), dropped afterwards.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class ApplicationContract {
  DatabaseServer server;
  String prefix;
  Application app;
  WorldRepository worlds;

  /** The database; other JVMs must be able to reach it too. */
  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_app");
    app = application().build();
    worlds = WorldRepository.of(app);
  }

  /** A builder for an application on the server, with the test's tables. */
  private Application.Builder application() {
    return Application.builder().environment(ApplicationEnvironment.of(server, prefix));
  }

  /** Another JVM running {@code mainClass}, an application on the server with the test's tables. */
  private ChildJvm startJvm(String name, String mainClass, String... args) {
    return ApplicationEnvironment.startJvm(
        name, ApplicationEnvironment.of(server, prefix), mainClass, args);
  }

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  @Test
  void savesAndReplaysAggregates() {
    World world = World.create();
    world.makeItSo("dinosaurs");
    world.makeItSo("trucks");
    worlds.save(world);
    world.makeItSo("internet");
    worlds.save(world);

    World copy = worlds.get(world.id());
    assertThat(copy.history()).containsExactly("dinosaurs", "trucks", "internet");
    assertThat(copy.version()).isEqualTo(4);
    assertThat(copy.head()).isEqualTo(world.head());
    assertThat(worlds.get(world.id(), 2).history()).containsExactly("dinosaurs");
    assertThat(worlds.find(UUID.randomUUID())).isEmpty();
    app.verify(world.id(), world.head());
  }

  /** The service's own pool, as a Spring Boot service would have one, at the pool's defaults. */
  private HikariDataSource servicePool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.url());
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(4);
    config.setPoolName("service");
    return new HikariDataSource(config);
  }

  @Test
  void anApplicationOverTheServicesOwnDataSourceSavesLoadsAndLeavesItOpen() throws Exception {
    try (HikariDataSource pool = servicePool()) {
      int isolation;
      try (Connection connection = pool.getConnection()) {
        isolation = connection.getTransactionIsolation();
      }
      World world = World.create();
      List<Long> ids = new ArrayList<>();
      try (Application own =
          Application.builder().tablePrefix(prefix).dataSource(pool).build()) {
        WorldRepository owned = WorldRepository.of(own);
        world.makeItSo("dinosaurs");
        owned.save(world);
        world.makeItSo("trucks");
        owned.save(world);
        assertThat(owned.get(world.id()).history()).containsExactly("dinosaurs", "trucks");
        // The same tables as the application on Recount's own pool: one store, two doors.
        assertThat(worlds.get(world.id()).history()).containsExactly("dinosaurs", "trucks");
        own.log().select(1, 10).forEach(notification -> ids.add(notification.id()));
        assertThat(ids).containsExactly(1L, 2L, 3L);
        World stale = owned.get(world.id());
        world.makeItSo("internet");
        owned.save(world);
        stale.makeItSo("future");
        assertThatThrownBy(() -> owned.save(stale)).isInstanceOf(ConcurrencyError.class);
      }
      // Closing the application closed nothing of the service's, nor changed its connections.
      assertThat(pool.isClosed()).isFalse();
      try (Connection connection = pool.getConnection()) {
        assertThat(connection.getAutoCommit()).isTrue();
        assertThat(connection.getTransactionIsolation()).isEqualTo(isolation);
      }
      assertThat(worlds.get(world.id()).history())
          .containsExactly("dinosaurs", "trucks", "internet");
    }
  }

  @Test
  void savesRacingThroughTheServicesDataSourceNeverLeaveAGapInTheLog() throws Exception {
    try (HikariDataSource pool = servicePool();
        Application own =
            Application.builder().tablePrefix(prefix).dataSource(pool).build()) {
      WorldRepository owned = WorldRepository.of(own);
      List<CompletableFuture<Void>> writers = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        writers.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 25; i++) {
            World world = World.create();
            world.makeItSo("event " + i);
            owned.save(world);
          }
        }));
      }
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      List<Long> ids = new ArrayList<>();
      own.log().select(1, 1000).forEach(notification -> ids.add(notification.id()));
      assertThat(ids).hasSize(200);
      for (int i = 0; i < ids.size(); i++) {
        assertThat(ids.get(i)).isEqualTo(i + 1L);
      }
    }
  }

  @Test
  void aDataSourceWithSettingsThatOpenAPoolIsAConfigurationError() throws Exception {
    try (HikariDataSource pool = servicePool()) {
      assertThatThrownBy(() -> application().dataSource(pool).build())
          .isInstanceOf(ConfigurationError.class)
          .hasMessageContaining("DB_URI")
          .hasMessageContaining("DataSource");
      assertThat(pool.isClosed()).isFalse();
    }
  }

  @Test
  void aStaleSaveIsRefusedAndWritesNothing() {
    World world = World.create();
    worlds.save(world);
    World first = worlds.get(world.id());
    World second = worlds.get(world.id());
    first.makeItSo("first");
    worlds.save(first);
    second.makeItSo("second");
    second.makeItSo("third");

    assertThatThrownBy(() -> worlds.save(second))
        .isInstanceOf(ConcurrencyError.class)
        .hasMessageContaining(world.id().toString())
        .hasMessageContaining("version 2");
    assertThat(worlds.get(world.id()).history()).containsExactly("first");
    assertThat(app.events(world.id())).hasSize(2);
  }

  @Test
  void savesOfTheSameWorldRacingInThreadsHaveOneWinner() throws Exception {
    World world = World.create();
    worlds.save(world);
    for (int round = 1; round <= 10; round++) {
      World a = worlds.get(world.id());
      World b = worlds.get(world.id());
      a.makeItSo("a" + round);
      b.makeItSo("b" + round);
      CountDownLatch start = new CountDownLatch(1);
      CompletableFuture<Boolean> savedA = CompletableFuture.supplyAsync(() -> saved(start, a));
      CompletableFuture<Boolean> savedB = CompletableFuture.supplyAsync(() -> saved(start, b));
      start.countDown();
      assertThat(List.of(savedA.get(30, TimeUnit.SECONDS), savedB.get(30, TimeUnit.SECONDS)))
          .as("round %d", round)
          .containsOnlyOnce(true);
    }
    assertThat(worlds.get(world.id()).version()).isEqualTo(11);
  }

  private boolean saved(CountDownLatch start, World world) {
    try {
      start.await();
      worlds.save(world);
      return true;
    } catch (ConcurrencyError e) {
      return false;
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void encryptedCompressedAndLargeEventsComeBackExactly() {
    app.close();
    app = application().cipherKey(CipherKeys.generate()).compressor("zlib").build();
    worlds = WorldRepository.of(app);
    StringBuilder large = new StringBuilder();
    for (int i = 0; large.length() < 300_000; i++) {
      large.append(i).append(" Ünïcödé 事件 😀 \u0000 \"quoted\" \\ ");
    }
    World world = World.create();
    world.makeItSo(large.toString());
    world.makeItSo("");
    worlds.save(world);

    assertThat(worlds.get(world.id()).history()).containsExactly(large.toString(), "");
    assertThat(app.storedEvents(world.id()).get(1).state()[0]).as("format byte").isNegative();
  }

  @Test
  void snapshotsAreTakenInTheSaveAndLoadedFrom() {
    app.close();
    app = application().snapshottingInterval(3).build();
    worlds = WorldRepository.of(app);
    World world = World.create();
    for (int i = 1; i <= 4; i++) {
      world.makeItSo("thing " + i);
    }
    worlds.save(world);
    world.makeItSo("thing 5");
    world.makeItSo("thing 6");
    worlds.save(world);
    assertThat(server.queryLong("SELECT COUNT(*) FROM " + server.quote(prefix + "snapshots")))
        .isEqualTo(2);

    // Without the events the newest snapshot covers, only a load from it can work.
    server.execute("DELETE FROM " + server.quote(prefix + "events") + " WHERE "
        + server.quote("originator_version") + " <= 6");
    World copy = worlds.get(world.id());
    assertThat(copy.version()).isEqualTo(7);
    assertThat(copy.history())
        .containsExactly("thing 1", "thing 2", "thing 3", "thing 4", "thing 5", "thing 6");
    assertThat(copy.head()).isEqualTo(world.head());
  }

  @Test
  void notificationIdsIncreaseInTheOrderOfSaves() {
    List<Long> ids = new ArrayList<>();
    List<World> saved = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      World world = World.create();
      world.makeItSo("n" + i);
      worlds.save(world);
      saved.add(world);
    }
    World again = saved.get(0);
    again.makeItSo("later");
    worlds.save(again);
    for (World world : saved.subList(1, 5)) {
      app.events(world.id()).forEach(e -> ids.add(e.notificationId()));
    }
    List<RecordedEvent> first = app.events(again.id());
    ids.add(0, first.get(0).notificationId());
    ids.add(1, first.get(1).notificationId());
    ids.add(first.get(2).notificationId());

    assertThat(ids).hasSize(11).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void savesOfTheSameWorldRacingInTwoJvmsHaveOneWinner() throws Exception {
    World world = World.create();
    worlds.save(world);
    try (ChildJvm one = startJvm("racer-1", RaceSaver.class.getName(), "one");
        ChildJvm two = startJvm("racer-2", RaceSaver.class.getName(), "two")) {
      List<ChildJvm> racers = List.of(one, two);
      for (ChildJvm racer : racers) {
        assertThat(racer.expectLine(Duration.ofSeconds(60))).isEqualTo("ready");
      }
      int rounds = 12;
      for (int round = 1; round <= rounds; round++) {
        for (ChildJvm racer : racers) {
          racer.send("load " + world.id());
        }
        for (ChildJvm racer : racers) {
          assertThat(racer.expectLine(Duration.ofSeconds(20))).isEqualTo("loaded " + round);
        }
        for (ChildJvm racer : racers) {
          racer.send("save");
        }
        List<String> outcomes = new ArrayList<>();
        for (ChildJvm racer : racers) {
          outcomes.add(racer.expectLine(Duration.ofSeconds(20)));
        }
        assertThat(outcomes)
            .as("round %d", round)
            .containsExactlyInAnyOrder("won " + (round + 1), "lost");
      }
      for (ChildJvm racer : racers) {
        racer.send("quit");
        assertThat(racer.awaitExit(Duration.ofSeconds(20))).as(racer.stderr()).isZero();
      }
      World last = worlds.get(world.id());
      assertThat(last.version()).isEqualTo(rounds + 1);
      assertThat(last.history()).hasSize(rounds);
      app.verify(world.id(), last.head());
    }
  }

  @Test
  void theExamplesProgramRunsUnchangedOnTheDatabase() throws Exception {
    try (ChildJvm first = startJvm("world-1", "dev.recount.examples.Main", "world")) {
      List<String> output = first.outputUntilExit(Duration.ofSeconds(60));
      assertThat(first.awaitExit(Duration.ofSeconds(5))).as(first.stderr()).isZero();
      assertThat(output.get(0)).startsWith("created world ");
      assertThat(output).anyMatch(line -> line.startsWith("stale save refused: "));
    }
    try (ChildJvm second = startJvm("world-2", "dev.recount.examples.Main", "world")) {
      List<String> output = second.outputUntilExit(Duration.ofSeconds(60));
      assertThat(second.awaitExit(Duration.ofSeconds(5))).as(second.stderr()).isZero();
      assertThat(output.get(0))
          .endsWith(" at version 4 with history [dinosaurs, trucks, internet]");
      assertThat(output).contains("saved version 7" + output.get(1).substring(15));
    }
  }
}
