package dev.recount.jooq;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.internal.Recorder;
import dev.recount.testlog.LogCapture;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.event.Level;

/**
 * A save that the database rolls back to break a deadlock runs again, and is stored once the
 * deadlock's other side lets go. The other side is a transaction outside Recount that inserts the
 * keys the save needs, in the opposite order: it stands for another writer inserting the same
 * aggregates, which is how saves meet in deadlocks.
 *
 * <p>PostgreSQL and MariaDB only: on H2 Recount's writers take turns on the lock row and cannot
 * deadlock each other, and H2 ends a wait on a lock at its timeout rather than by finding the
 * circle.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class DeadlockContract {
  /** Beyond any id the recorder hands out in a test. */
  private static final long FOREIGN_IDS = 1_000_000_000L;

  abstract TestDatabase database();

  TestDatabase db;
  String prefix;
  Recorder recorder;
  LogCapture logs;
  private long foreignIds = FOREIGN_IDS;

  @BeforeEach
  void open() {
    logs = LogCapture.start();
    db = database().requireReachable();
    prefix = TestDatabase.newPrefix("deadlock");
    recorder = Recorders.open(db.url, db.user, db.password, prefix, true, 4);
  }

  @AfterEach
  void close() {
    logs.close();
    if (recorder != null) {
      recorder.close();
    }
    if (prefix != null) {
      db.drop(prefix);
    }
  }

  @Test
  void aSaveRolledBackToBreakADeadlockRunsAgainAndIsStored() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    CompletableFuture<List<StoredEvent>> save;
    try (Connection other = db.connect()) {
      other.setAutoCommit(false);
      weigh(other);
      insert(other, b);
      save = CompletableFuture.supplyAsync(() -> recorder.insert(
          List.of(RecorderContract.event(a, 1), RecorderContract.event(b, 1)), List.of()));
      awaitWaiting(save, "the save, for the other transaction's key of " + b);
      // Closes the circle; the database rolls back the save, and this insert goes in.
      insert(other, a);
      other.rollback();
    }
    assertThat(save.get(30, TimeUnit.SECONDS))
        .extracting(StoredEvent::originatorId)
        .containsExactly(a, b);
    assertThat(recorder.events(a, 1, 9, false, 9)).hasSize(1);
    assertThat(recorder.events(b, 1, 9, false, 9)).hasSize(1);
    assertThat(logs.messages("dev.recount.jooq", Level.DEBUG))
        .filteredOn(message -> message.startsWith("the database rolled a save back"))
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .startsWith("the database rolled a save back to break a deadlock; running it again, run 2"
            + " of 5: ")
        .matches("(?is).*deadlock (detected|found).*"); // the database's own words
  }

  /**
   * A save in the caller's transaction is not run again: the database undid all the caller did in
   * it, which only the caller can do again. The error says so.
   */
  @Test
  void aSaveInYourTransactionRolledBackToBreakADeadlockSaysToRunItAgain() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    CompletableFuture<List<StoredEvent>> save;
    try (Connection other = db.connect();
        Connection yours = db.connect()) {
      other.setAutoCommit(false);
      yours.setAutoCommit(false);
      weigh(other);
      insert(other, b);
      save = CompletableFuture.supplyAsync(() -> recorder.insertJoined(
          yours,
          List.of(RecorderContract.event(a, 1), RecorderContract.event(b, 1)),
          List.of(),
          List.of()));
      awaitWaiting(save, "the save in your transaction, for the other's key of " + b);
      insert(other, a);
      assertThatThrownBy(() -> save.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(PersistenceError.class)
          .hasMessageContaining("could not save 2 event(s) at " + db.url)
          .hasMessageContaining(
              "; the database failed the caller's whole transaction to break a deadlock: roll it"
                  + " back and run it again");
      yours.rollback();
      other.commit();
    }
    assertThat(recorder.events(a, 1, 9, false, 9)).hasSize(1); // the other's
  }

  /**
   * Inserts rows the transaction then rolls back: MariaDB breaks a deadlock by rolling back the
   * transaction that changed fewer rows, which must be the save's.
   */
  void weigh(Connection other) throws SQLException {
    for (int i = 0; i < 20; i++) {
      insert(other, UUID.randomUUID());
    }
  }

  /** Inserts version 1 of {@code id} outside Recount, with an id no save of the test takes. */
  void insert(Connection connection, UUID id) throws SQLException {
    StoredEvent event = RecorderContract.event(id, 1);
    String sql = "INSERT INTO " + db.table(prefix + "events") + " (" + column("notification_id")
        + ", " + column("originator_id") + ", " + column("originator_version") + ", "
        + column("topic") + ", " + column("timestamp_us") + ", " + column("state") + ", "
        + column("hash") + ") VALUES (?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setLong(1, foreignIds++);
      if (db.dialect == Dialect.MARIADB) {
        insert.setString(2, id.toString());
      } else {
        insert.setObject(2, id);
      }
      insert.setLong(3, event.originatorVersion());
      insert.setString(4, event.topic());
      insert.setLong(5, event.timestampMicros());
      insert.setBytes(6, event.state());
      insert.setBytes(7, event.hash());
      insert.executeUpdate();
    }
  }

  private String column(String name) {
    return db.server.quote(name);
  }

  /**
   * Waits until the save has had time to block on a lock: PostgreSQL looks for deadlocks a second
   * after a transaction began to wait, so the circle must close before then for the save to be the
   * one rolled back.
   */
  static void awaitWaiting(CompletableFuture<?> save, String what) throws InterruptedException {
    Thread.sleep(300);
    assertThat(save).as(what + " waits").isNotDone();
  }
}
