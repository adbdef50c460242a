package dev.recount.examples.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.projection.Generation;
import dev.recount.projection.ProjectionRunner;
import dev.recount.projection.ProjectionStatus;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A projection on a real database, with the application it follows on the same one: batches that
 * commit their writes with their position, a failing batch that writes nothing and is retried,
 * restarts, two runners racing, and a rebuild while writers keep writing. Each test compares the
 * read model with what folding the whole log gives, so a notification missed or applied twice fails
 * it. Subclasses only name the database; every test has tables of its own.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class ProjectionContract {
  private DatabaseServer server;
  private String prefix;
  private Application app;
  private WorldRepository worlds;
  private HikariDataSource dataSource;
  private final List<ProjectionRunner> runners = new ArrayList<>();

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_proj");
    app = Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix))
        .build();
    worlds = WorldRepository.of(app);
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.url());
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(6);
    dataSource = new HikariDataSource(config);
  }

  @AfterEach
  void close() {
    runners.forEach(ProjectionRunner::close);
    if (dataSource != null) {
      dataSource.close();
    }
    if (app != null) {
      app.close();
    }
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  private ProjectionRunner.Builder runner() {
    return ProjectionRunner.builder(new WorldHistoryProjection(prefix), dataSource)
        .follow(app)
        .tablePrefix(prefix);
  }

  private ProjectionRunner build(ProjectionRunner.Builder builder) {
    ProjectionRunner runner = builder.build();
    runners.add(runner);
    return runner;
  }

  @Test
  void followsLiveAndAFailingBatchWritesNothingUntilItIsRetried() throws Exception {
    World first = World.create();
    first.makeItSo("dinosaurs");
    worlds.save(first);
    ProjectionRunner runner =
        build(runner().batchSize(50).pollInterval(Duration.ofMillis(200))).start();
    long position = saveHappening(first, "trucks");
    assertThat(runner.awaitProcessed(position, Duration.ofSeconds(20))).isTrue();
    assertThat(row(runner, first)).isEqualTo(new WorldHistoryProjection.Row(2, "trucks"));
    ProjectionStatus status = runner.status();
    assertThat(status.generation()).isEqualTo(1);
    assertThat(status.position()).isGreaterThanOrEqualTo(position);
    assertThat(status.lagEvents()).isZero();
    assertThat(status.lagTime()).isEqualTo(Duration.ZERO);
    assertThat(status.lastError()).isNull();

    // A row in the way of the next world's INSERT: the batch that creates it fails, and with it
    // the update of the first world saved in the same transaction.
    World second = World.create();
    String table = runner.table(prefix + "world_history");
    server.execute(
        "INSERT INTO " + table + " (world_id, happenings) VALUES ('" + second.id() + "', 99)");
    first.makeItSo("internet");
    long failing = app.save(first, second);
    assertThat(runner.awaitProcessed(failing, Duration.ofSeconds(1))).isFalse();
    ProjectionStatus failed = awaitError(runner);
    assertThat(failed.lastError()).contains("failed at notification");
    assertThat(failed.lastErrorAt()).isNotNull();
    assertThat(failed.lagEvents()).isEqualTo(failing - failed.position());
    assertThat(row(runner, first)).isEqualTo(new WorldHistoryProjection.Row(2, "trucks"));

    server.execute("DELETE FROM " + table + " WHERE world_id = '" + second.id() + "'");
    assertThat(runner.awaitProcessed(failing, Duration.ofSeconds(20))).isTrue();
    assertThat(row(runner, first)).isEqualTo(new WorldHistoryProjection.Row(3, "internet"));
    assertThat(row(runner, second)).isEqualTo(new WorldHistoryProjection.Row(0, null));
    assertThat(readModel(runner)).isEqualTo(foldedLog());
  }

  @Test
  void aRestartedRunnerResumesExactlyWhereTheLastCommittedBatchLeftOff() {
    List<World> some = WorldHistories.saveWorlds(worlds, 10, 12);
    ProjectionRunner before = build(runner().batchSize(25));
    assertThat(before.catchUp()).isEqualTo(130);
    assertThat(before.position()).isEqualTo(app.log().maxId());
    ProjectionRunner after = build(runner().batchSize(25));
    assertThat(after.catchUp()).isZero();
    saveHappening(some.get(3), "more");
    assertThat(after.catchUp()).isEqualTo(1);
    assertThat(before.catchUp()).isZero();
    assertThat(readModel(after)).isEqualTo(foldedLog());
  }

  @Test
  void twoRunnersRacingApplyEachNotificationOnce() throws Exception {
    WorldHistories.saveWorlds(worlds, 30, 10);
    ProjectionRunner one = build(runner().batchSize(7));
    ProjectionRunner two = build(runner().batchSize(7));
    one.generation();
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      Future<Long> a = threads.submit(one::catchUp);
      Future<Long> b = threads.submit(two::catchUp);
      assertThat(a.get() + b.get()).isEqualTo(330);
    } finally {
      threads.shutdownNow();
    }
    assertThat(one.position()).isEqualTo(app.log().maxId());
    assertThat(readModel(one)).isEqualTo(foldedLog());
  }

  @Test
  void aRebuildWhileWritersWriteEqualsAFreshProjectionAndThenServes() throws Exception {
    WorldHistories.saveWorlds(worlds, 20, 10);
    ProjectionRunner runner = build(runner().batchSize(40).pollInterval(Duration.ofMillis(100)));
    runner.start();
    String oldTable = runner.table(prefix + "world_history");
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong saved = new AtomicLong();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    Future<?> writes = writer.submit(() -> {
      int i = 0;
      while (writing.get()) {
        World world = World.create();
        world.makeItSo("during " + i++);
        world.makeItSo("still during");
        saved.set(worlds.save(world));
        Thread.sleep(2);
      }
      return null;
    });
    try {
      Generation next = runner.rebuild();
      assertThat(next.number()).isEqualTo(2);
      long afterSwitch = saved.get() + 20;
      while (saved.get() < afterSwitch) {
        Thread.sleep(5);
      }
    } finally {
      writing.set(false);
      writes.get();
      writer.shutdown();
    }
    assertThat(saved.get()).as("saves went on during the rebuild").isGreaterThan(230);
    assertThat(runner.awaitProcessed(saved.get(), Duration.ofSeconds(30))).isTrue();
    assertThat(runner.table(prefix + "world_history")).isEqualTo(prefix + "world_history_g2");
    assertThat(readModel(runner)).isEqualTo(foldedLog());
    assertThat(runner.status().generation()).isEqualTo(2);
    assertThat(runner.status().rebuilding()).isZero();
    assertThatThrownBy(() -> count(oldTable)).isInstanceOf(SQLException.class);
  }

  private ProjectionStatus awaitError(ProjectionRunner runner) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    ProjectionStatus status = runner.status();
    while (status.lastError() == null && System.nanoTime() < deadline) {
      Thread.sleep(20);
      status = runner.status();
    }
    return status;
  }

  private long saveHappening(World world, String what) {
    world.makeItSo(what);
    return worlds.save(world);
  }

  private WorldHistoryProjection.Row row(ProjectionRunner runner, World world) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return WorldHistoryProjection.row(
              connection, runner.table(prefix + "world_history"), world.id())
          .orElseThrow();
    }
  }

  /** The whole read model, by world id. */
  private Map<String, WorldHistoryProjection.Row> readModel(ProjectionRunner runner) {
    return WorldHistories.readModel(dataSource, runner.table(prefix + "world_history"));
  }

  private Map<String, WorldHistoryProjection.Row> foldedLog() {
    return WorldHistories.folded(app.log());
  }

  private long count(String table) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM " + table);
        ResultSet row = select.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }
}
