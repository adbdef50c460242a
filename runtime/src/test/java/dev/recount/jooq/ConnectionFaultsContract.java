package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.internal.Recorder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection killed by the server in the middle of a save: the save fails with a
 * {@link PersistenceError}, nothing of it is stored, and the same recorder works again at once;
 * when every connection of its pool is killed, as when the server restarts, it works again too. A
 * trigger that sleeps on the topic {@code test.Slow} holds the save open while it is killed.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class ConnectionFaultsContract {
  static final String SLOW = "test.Slow";

  TestDatabase db;
  String prefix;
  Recorder recorder;

  /** The database under test, reachable or the test skipped; its connections recognisable. */
  abstract TestDatabase database(String prefix);

  /** Makes an insert of an event with topic {@link #SLOW} sleep for half a minute. */
  abstract void slowDownInsertsOf(String topic);

  /** Kills the connection that is inserting an event with topic {@link #SLOW}; 0 if none yet. */
  abstract long killSlowSave();

  /** Kills every connection of the recorder's pool; returns how many there were. */
  abstract long killAll();

  @BeforeEach
  void open() {
    prefix = TestDatabase.newPrefix("fault");
    db = database(prefix);
    recorder = Recorders.open(db.url, db.user, db.password, prefix, true, 4);
  }

  @AfterEach
  void close() {
    if (recorder != null) {
      recorder.close();
    }
    if (db != null) {
      drop();
    }
  }

  /** Drops what the test created. */
  void drop() {
    db.drop(prefix);
  }

  @Test
  void aSaveWhoseConnectionIsKilledFailsWritingNothingAndTheNextOneWorks() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    List<StoredEvent> before = recorder.insert(List.of(RecorderContract.event(a, 1)), List.of());
    long max = TestDatabase.awaitVisible(recorder, before.get(0).notificationId());
    slowDownInsertsOf(SLOW);

    CompletableFuture<List<StoredEvent>> save = CompletableFuture.supplyAsync(() -> recorder.insert(
        List.of(
            RecorderContract.event(a, 2),
            RecorderContract.event(b, 1, SLOW, new byte[] {1, 2, 3}),
            RecorderContract.event(b, 2)),
        List.of(RecorderContract.snapshot(a, 2))));
    awaitKill(this::killSlowSave);

    assertThatThrownBy(() -> save.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("could not save 3 event(s)")
        .hasMessageContaining(db.url);
    assertNothingOfTheSaveStored(a, b, before, max);

    List<StoredEvent> after = recorder.insert(List.of(RecorderContract.event(a, 2)), List.of());
    assertThat(after.get(0).notificationId()).isGreaterThan(max);
    TestDatabase.awaitVisible(recorder, after.get(0).notificationId());
    assertThat(recorder.notifications(max + 1, 10, Set.of())).containsExactlyElementsOf(after);
  }

  @Test
  void theRecorderWorksAgainAfterEveryConnectionWasKilled() throws Exception {
    UUID a = UUID.randomUUID();
    recorder.insert(List.of(RecorderContract.event(a, 1)), List.of());
    assertThat(killAll()).isPositive();
    // The pool checks a connection that was idle for more than half a second before lending it.
    Thread.sleep(1_000);

    List<StoredEvent> saved = recorder.insert(List.of(RecorderContract.event(a, 2)), List.of());
    assertThat(recorder.events(a, 1, 9, false, 9)).hasSize(2).endsWith(saved.get(0));
    TestDatabase.awaitVisible(recorder, saved.get(0).notificationId());
    assertThat(recorder.maxNotificationId()).isEqualTo(saved.get(0).notificationId());
  }

  void assertNothingOfTheSaveStored(UUID a, UUID b, List<StoredEvent> before, long max) {
    assertThat(recorder.events(a, 1, 9, false, 9)).containsExactlyElementsOf(before);
    assertThat(recorder.events(b, 1, 9, false, 9)).isEmpty();
    assertThat(recorder.snapshots(a)).isEmpty();
    assertThat(recorder.maxNotificationId()).isEqualTo(max);
  }

  /** Kills the slow save as soon as it is seen in the server. */
  static void awaitKill(LongSupplier kill) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    while (kill.getAsLong() == 0) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("the slow save never showed up in the server");
      }
      Thread.sleep(50);
    }
  }
}
