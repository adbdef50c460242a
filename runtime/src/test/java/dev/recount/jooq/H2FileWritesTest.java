package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.StoredEvent;
import dev.recount.internal.Recorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recount's default on an embedded H2 file database (docs/DATABASES.md, "Durability"): H2's
 * background writer off, so that H2 writes its file at the end of each of Recount's writing
 * transactions, under the file's lock. What a killed JVM then leaves is tested by the examples'
 * {@code KilledWriterTest}; here, what can be seen in one JVM: the setting, whose URL gets it, and
 * that a save which returned is in the file (a copy of the file, opened as a killed JVM's would be,
 * holds it).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class H2FileWritesTest {
  @TempDir
  Path directory;

  @Test
  void anH2FileDatabaseIsOpenedWithoutTheBackgroundWriter() throws SQLException {
    String url = "jdbc:h2:file:" + directory.resolve("db");
    try (Recorder recorder = Recorders.open(url, null, null, "recount_", true, 2)) {
      assertThat(recorder.maxNotificationId()).isZero();
      assertThat(writeDelay(url)).isEqualTo("0");
    }
  }

  @Test
  void aUrlThatChoosesAWriteDelayKeepsIt() throws SQLException {
    String url = "jdbc:h2:file:" + directory.resolve("db") + ";WRITE_DELAY=300";
    try (Recorder recorder = Recorders.open(url, null, null, "recount_", true, 2)) {
      assertThat(recorder.maxNotificationId()).isZero();
      assertThat(writeDelay(url)).isEqualTo("300");
    }
  }

  @Test
  void theUsersDataSourceOnAnH2FileGetsItToo() throws SQLException {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:file:" + directory.resolve("db"));
    try (Recorder recorder = Recorders.open(dataSource, "recount_", true, false)) {
      assertThat(recorder.maxNotificationId()).isZero();
      assertThat(writeDelay(dataSource.getURL())).isEqualTo("0");
    }
  }

  /**
   * A group commit's leader yields before it takes its batch where H2 writes the file at the end of
   * each batch (docs/BENCHMARKS.md, "H2 file"), not where H2's background writer or memory makes a
   * batch's end cheap.
   */
  @Test
  void theLeaderLetsOthersQueueWhereEachBatchWritesTheFile() throws SQLException {
    String file = "jdbc:h2:file:" + directory.resolve("db");
    try (Recorder safe = Recorders.open(file, null, null, "recount_", true, 2);
        Recorder delayed = Recorders.open(
            "jdbc:h2:file:" + directory.resolve("delayed") + ";WRITE_DELAY=300",
            null,
            null,
            "recount_",
            true,
            2);
        Recorder memory =
            Recorders.open("jdbc:h2:mem:" + UUID.randomUUID(), null, null, "recount_", true, 2)) {
      assertThat(((JooqRecorder) safe).groupCommit.yieldsFirst()).isTrue();
      assertThat(((JooqRecorder) delayed).groupCommit.yieldsFirst()).isFalse();
      assertThat(((JooqRecorder) memory).groupCommit.yieldsFirst()).isFalse();
    }
  }

  /**
   * Threads saving at once share H2's writes of the file: fewer writes than saves (H2 counts them),
   * and every save that returned is in a copy of the file.
   */
  @Test
  void concurrentSavesShareWritesOfTheFile() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("db");
    int threads = 8;
    int saves = 50;
    try (Recorder recorder = Recorders.open(url, null, null, "recount_", true, threads + 1)) {
      long before = fileWrites(url);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          done.add(pool.submit(() -> {
            UUID id = UUID.randomUUID();
            for (int version = 1; version <= saves; version++) {
              recorder.insert(
                  List.of(GroupCommitContract.event(id, version, "v" + version)), List.of(), null);
            }
            return null;
          }));
        }
        for (Future<?> future : done) {
          future.get(90, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      long writes = fileWrites(url) - before;
      long expected = (long) threads * saves;
      assertThat(writes).as("writes of the file for %d saves", expected).isLessThan(expected);
      assertThat(((JooqRecorder) recorder).groupCommit.largestBatch()).isGreaterThan(1);
      Files.copy(directory.resolve("db.mv.db"), directory.resolve("copy.mv.db"));
      assertThat(count("jdbc:h2:file:" + directory.resolve("copy"))).isEqualTo(expected);
    }
  }

  @Test
  void inMemoryAndServerDatabasesAreLeftAsTheyAre() {
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:mem:test;DB_CLOSE_DELAY=-1")).isNull();
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:tcp://localhost:9092/~/db")).isNull();
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:ssl://localhost/db")).isNull();
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:zip:/tmp/db.zip!/db")).isNull();
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:file:/tmp/db;ACCESS_MODE_DATA=r"))
        .isNull();
  }

  /** One lock per file: every way of naming it in a URL finds the same one. */
  @Test
  void everyUrlOfOneFileSharesItsLock() throws Exception {
    Files.createDirectories(directory.resolve("sub"));
    Path link = Files.createSymbolicLink(directory.resolve("link"), directory.resolve("sub"));
    String file = H2FileWrites.embeddedFile("jdbc:h2:file:" + directory.resolve("sub/db"));
    assertThat(file).isEqualTo(directory.toRealPath().resolve("sub/db").toString());
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:" + directory.resolve("sub/./db") + ";X=1"))
        .isEqualTo(file);
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:file:" + link.resolve("db"))).isEqualTo(file);
    assertThat(H2FileWrites.embeddedFile("jdbc:h2:file:" + directory.resolve("sub/other")))
        .isNotEqualTo(file);
  }

  /**
   * A save that returned is in the file, not only in H2's memory: a copy of the file taken right
   * after it, opened as a new database (what recovery after a kill starts from), holds every event
   * saved so far. With H2's background writer (WRITE_DELAY, 500 ms by default) the copy would miss
   * the saves of the last moments.
   */
  @Test
  void aSaveThatReturnedIsInTheFile() throws SQLException, java.io.IOException {
    String url = "jdbc:h2:file:" + directory.resolve("db");
    try (Recorder recorder = Recorders.open(url, null, null, "recount_", true, 2)) {
      UUID id = UUID.randomUUID();
      for (int version = 1; version <= 5; version++) {
        recorder.insert(
            List.of(GroupCommitContract.event(id, version, "saved " + version)), List.of(), null);
        Path copy = directory.resolve("copy" + version + ".mv.db");
        Files.copy(directory.resolve("db.mv.db"), copy);
        assertThat(count("jdbc:h2:file:" + directory.resolve("copy" + version)))
            .as("events in the file after save %d returned", version)
            .isEqualTo(version);
      }
    }
  }

  /**
   * Two recorders on one file, through two URLs, threads saving in each: the file's lock is shared
   * and nothing waits for ever; every save is stored, ids 1..N without a gap; and a copy of the
   * file taken once they returned holds them all.
   */
  @Test
  void recordersOnOneFileTakeTurnsAndStoreEverySave() throws Exception {
    String url = "jdbc:h2:file:" + directory.resolve("db");
    String other = "jdbc:h2:" + directory.resolve("./db");
    int threads = 4;
    int saves = 40;
    try (Recorder first = Recorders.open(url, null, null, "recount_", true, threads + 1);
        Recorder second = Recorders.open(other, null, null, "recount_", true, threads + 1)) {
      ExecutorService pool = Executors.newFixedThreadPool(2 * threads);
      try {
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 2 * threads; t++) {
          Recorder recorder = t % 2 == 0 ? first : second;
          done.add(pool.submit(() -> {
            UUID id = UUID.randomUUID();
            for (int version = 1; version <= saves; version++) {
              List<StoredEvent> stored = recorder.insert(
                  List.of(GroupCommitContract.event(id, version, "v" + version)), List.of(), null);
              assertThat(stored).hasSize(1);
            }
            return null;
          }));
        }
        for (Future<?> future : done) {
          future.get(90, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      long expected = 2L * threads * saves;
      assertThat(first.maxNotificationId()).isEqualTo(expected);
      Files.copy(directory.resolve("db.mv.db"), directory.resolve("copy.mv.db"));
      assertThat(count("jdbc:h2:file:" + directory.resolve("copy"))).isEqualTo(expected);
    }
  }

  private static long count(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(
            "SELECT COUNT(*), COUNT(DISTINCT \"notification_id\") FROM \"recount_events\"")) {
      rows.next();
      assertThat(rows.getLong(2)).as("distinct ids").isEqualTo(rows.getLong(1));
      return rows.getLong(1);
    }
  }

  /** H2's count of writes to the database's file since it was opened. */
  private static long fileWrites(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT SETTING_VALUE FROM"
            + " INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'info.FILE_WRITE'")) {
      rows.next();
      return Long.parseLong(rows.getString(1));
    }
  }

  private static String writeDelay(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT SETTING_VALUE FROM"
            + " INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = 'WRITE_DELAY'")) {
      return rows.next() ? rows.getString(1) : null;
    }
  }
}
