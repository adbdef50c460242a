package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.StoredEvent;
import dev.recount.internal.RecordConflict;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The deadlock contract on {@link TestDatabase#mariadb()}, and group-commit batches in one. */
class MariaDbDeadlockTest extends DeadlockContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }

  /**
   * Three saves queued behind a fourth share a batch. The first of them conflicts, so the batch
   * runs again save by save; in that run the database rolls it back to break a deadlock. It then
   * runs again whole: the conflict fails alone, and both other saves are stored.
   */
  @Test
  void aBatchRolledBackToBreakADeadlockRunsAgainWhole() throws Exception {
    UUID taken = UUID.randomUUID();
    recorder.insert(List.of(RecorderContract.event(taken, 1)), List.of());
    UUID held = UUID.randomUUID();
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    CompletableFuture<List<StoredEvent>> first;
    CompletableFuture<List<StoredEvent>> conflicting;
    CompletableFuture<List<StoredEvent>> ofA;
    CompletableFuture<List<StoredEvent>> ofB;
    try (Connection holder = db.connect();
        Connection other = db.connect()) {
      holder.setAutoCommit(false);
      other.setAutoCommit(false);
      insert(holder, held);
      first = save(held);
      awaitWaiting(first, "the first save, for the holder's key");
      // Queued in this order, and taken as one batch once the first save is stored.
      conflicting = save(taken);
      Thread.sleep(100);
      ofA = save(a);
      Thread.sleep(100);
      ofB = save(b);
      Thread.sleep(100);
      weigh(other);
      insert(other, b);
      holder.rollback();
      assertThat(first.get(30, TimeUnit.SECONDS)).hasSize(1);
      awaitWaiting(ofA, "the batch, for the other transaction's key of " + b);
      // Closes the circle; the database rolls back the batch, and this insert goes in.
      insert(other, a);
      other.rollback();
    }
    assertThatThrownBy(() -> conflicting.get(30, TimeUnit.SECONDS))
        .hasCauseInstanceOf(RecordConflict.class);
    assertThat(ofA.get(30, TimeUnit.SECONDS))
        .extracting(StoredEvent::originatorId)
        .containsExactly(a);
    assertThat(ofB.get(30, TimeUnit.SECONDS))
        .extracting(StoredEvent::originatorId)
        .containsExactly(b);
    JooqRecorder jooq = (JooqRecorder) recorder;
    assertThat(jooq.groupCommit.largestBatch()).isEqualTo(3);
    assertThat(jooq.rerunBatches()).as("runs save by save").isEqualTo(2);
  }

  private CompletableFuture<List<StoredEvent>> save(UUID id) {
    return CompletableFuture.supplyAsync(
        () -> recorder.insert(List.of(RecorderContract.event(id, 1)), List.of()));
  }
}
