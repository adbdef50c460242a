package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.StoredEvent;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import dev.recount.internal.Tracking;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commit on the databases whose writers take turns on a lock (H2, MariaDB): threads of one
 * recorder save at once, so that saves share transactions, and some of them conflict on purpose.
 * Exactly those fail, as they would alone; every other save is stored, its events numbered
 * contiguously, and the log's ids are 1..N without a gap.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class GroupCommitContract {
  static final int THREADS = 8;
  static final int ROUNDS = 80;

  abstract TestDatabase database();

  /**
   * Whether a batch run again save by save reuses the ids of the first run (H2's lock row), or
   * leaves them as a gap (MariaDB's sequence).
   */
  abstract boolean gapFree();

  /** A save that was stored: what was asked, and what came back. */
  record Stored(List<StoredEvent> asked, List<StoredEvent> returned) {}

  static StoredEvent event(UUID id, long version, String payload) {
    return RecorderContract.event(
        id, version, RecorderContract.TOPIC, payload.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void conflictingSavesInABatchFailAloneAndTheOthersAreStoredGapFree() throws Exception {
    TestDatabase db = database().requireReachable();
    String prefix = TestDatabase.newPrefix("group");
    try (Recorder recorder =
        Recorders.open(db.url, db.user, db.password, prefix, true, THREADS + 1)) {
      UUID taken = UUID.randomUUID();
      Tracking trackedBefore = new Tracking("app", "upstream", 1);
      recorder.insert(List.of(event(taken, 1, "before")), List.of(), trackedBefore);

      UUID shared = UUID.randomUUID();
      List<Stored> stored = new CopyOnWriteArrayList<>();
      List<UUID> neverStored = new CopyOnWriteArrayList<>();
      Map<Long, List<String>> sharedWinners = new ConcurrentHashMap<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<int[]>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          results.add(pool.submit(() -> {
            int[] conflicts = new int[2]; // version, tracking
            UUID own = UUID.randomUUID();
            long ownVersion = 0;
            start.await();
            for (int round = 0; round < ROUNDS; round++) {
              String payload = thread + "/" + round;
              List<StoredEvent> asked;
              Tracking tracking = null;
              switch (round % 6) {
                case 1 -> { // a version already stored, after two new events in the same save
                  UUID fresh = UUID.randomUUID();
                  neverStored.add(fresh);
                  asked = List.of(
                      event(fresh, 1, payload), event(fresh, 2, payload), event(taken, 1, payload));
                }
                case 3 -> { // a notification already tracked
                  UUID fresh = UUID.randomUUID();
                  neverStored.add(fresh);
                  asked = List.of(event(fresh, 1, payload));
                  tracking = trackedBefore;
                }
                case 5 -> // threads race for the same version: one wins, the others conflict
                  asked = List.of(event(shared, round / 6 + 1, payload));
                default -> {
                  asked =
                      List.of(event(own, ++ownVersion, payload), event(own, ++ownVersion, payload));
                  tracking = round % 6 == 2 ? new Tracking("app", "thread-" + thread, round) : null;
                }
              }
              try {
                List<StoredEvent> returned = recorder.insert(asked, List.of(), tracking);
                assertThat(round % 6).as("save %s should have failed", payload).isNotIn(1, 3);
                stored.add(new Stored(asked, returned));
                if (round % 6 == 5) {
                  sharedWinners
                      .computeIfAbsent(round / 6 + 1L, v -> new CopyOnWriteArrayList<>())
                      .add(payload);
                }
              } catch (RecordConflict e) {
                assertThat(round % 6).as("save %s failed: %s", payload, e).isIn(1, 5);
                conflicts[0]++;
              } catch (AlreadyTracked e) {
                assertThat(round % 6).as("save %s failed: %s", payload, e).isEqualTo(3);
                conflicts[1]++;
              }
            }
            return conflicts;
          }));
        }
        start.countDown();
        int versionConflicts = 0;
        int trackingConflicts = 0;
        for (Future<int[]> result : results) {
          int[] conflicts = result.get();
          versionConflicts += conflicts[0];
          trackingConflicts += conflicts[1];
        }
        assertThat(trackingConflicts).isEqualTo(THREADS * countRounds(3));
        assertThat(versionConflicts)
            .isEqualTo(THREADS * countRounds(1) + (THREADS - 1) * countRounds(5));
        assertThat(sharedWinners)
            .hasSize(countRounds(5))
            .allSatisfy((version, winners) -> assertThat(winners).hasSize(1));
      } finally {
        pool.shutdownNow();
      }

      JooqRecorder jooq = (JooqRecorder) recorder;
      assertThat(jooq.groupCommit.largestBatch())
          .as("saves shared transactions")
          .isGreaterThan(1);
      assertThat(jooq.rerunBatches())
          .as("batches with a failing save, run again save by save")
          .isGreaterThan(0);

      // The log: exactly the stored saves, each save's events contiguous and in order (no other
      // writer takes ids meanwhile); 1..N where the ids have no gaps.
      List<StoredEvent> log = recorder.notifications(1, 1_000_000, Set.of());
      Map<Long, StoredEvent> byId = new HashMap<>();
      assertIds(log);
      for (int i = 0; i < log.size(); i++) {
        byId.put(log.get(i).notificationId(), log.get(i));
      }
      int events = 1;
      for (Stored save : stored) {
        assertThat(save.returned).hasSameSizeAs(save.asked);
        long first = save.returned.get(0).notificationId();
        for (int e = 0; e < save.returned.size(); e++) {
          StoredEvent returned = save.returned.get(e);
          assertThat(returned).isEqualTo(Inserts.numbered(save.asked.get(e), first + e));
          assertThat(byId.get(returned.notificationId())).isEqualTo(returned);
        }
        events += save.returned.size();
      }
      assertThat(log).hasSize(events);
      for (UUID id : neverStored) {
        assertThat(recorder.events(id, 1, Long.MAX_VALUE, false, 10)).isEmpty();
      }
      assertThat(recorder.events(taken, 1, Long.MAX_VALUE, false, 10)).hasSize(1);
      for (int t = 0; t < THREADS; t++) {
        assertThat(recorder.maxTracked("app", "thread-" + t)).isEqualTo(lastRound(2));
      }
      assertThat(recorder.maxTracked("app", "upstream")).isEqualTo(1);
    } finally {
      db.drop(prefix);
    }
  }

  @Test
  void aSaveWithDataTheDatabaseRefusesFailsAloneInItsBatch() throws Exception {
    TestDatabase db = database().requireReachable();
    String prefix = TestDatabase.newPrefix("grouprefused");
    String tooLong = "a".repeat(300); // tracking names are VARCHAR(255)
    try (Recorder recorder =
        Recorders.open(db.url, db.user, db.password, prefix, true, THREADS + 1)) {
      List<UUID> storedIds = new CopyOnWriteArrayList<>();
      List<UUID> refusedIds = new CopyOnWriteArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      try {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
          int thread = t;
          results.add(pool.submit(() -> {
            start.await();
            for (int round = 0; round < 40; round++) {
              UUID id = UUID.randomUUID();
              boolean refused = round % 4 == 1;
              Tracking tracking =
                  new Tracking(refused ? tooLong : "app", "thread-" + thread, round + 1);
              try {
                recorder.insert(List.of(event(id, 1, thread + "/" + round)), List.of(), tracking);
                assertThat(refused)
                    .as("save %s/%s should have failed", thread, round)
                    .isFalse();
                storedIds.add(id);
              } catch (dev.recount.PersistenceError e) {
                assertThat(refused)
                    .as("save %s/%s failed: %s", thread, round, e)
                    .isTrue();
                assertThat(e).hasMessageContaining("nothing was written");
                refusedIds.add(id);
              }
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> result : results) {
          result.get();
        }
      } finally {
        pool.shutdownNow();
      }

      assertThat(refusedIds).hasSize(THREADS * 10);
      List<StoredEvent> log = recorder.notifications(1, 1_000_000, Set.of());
      assertThat(log).hasSize(storedIds.size());
      assertIds(log);
      assertThat(log)
          .extracting(StoredEvent::originatorId)
          .containsExactlyInAnyOrderElementsOf(storedIds);
    } finally {
      db.drop(prefix);
    }
  }

  /** 1..N where ids have no gaps; else only increasing. */
  private void assertIds(List<StoredEvent> log) {
    for (int i = 0; i < log.size(); i++) {
      if (gapFree()) {
        assertThat(log.get(i).notificationId()).isEqualTo(i + 1L);
      } else if (i > 0) {
        assertThat(log.get(i).notificationId()).isGreaterThan(log.get(i - 1).notificationId());
      }
    }
  }

  /** How many rounds below {@link #ROUNDS} have {@code round % 6 == rest}. */
  private static int countRounds(int rest) {
    return (ROUNDS - rest + 5) / 6;
  }

  private static long lastRound(int rest) {
    return (countRounds(rest) - 1) * 6L + rest;
  }
}
