package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The leader/follower combining of {@link GroupCommit}, with real threads and no database. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GroupCommitTest {
  private static Save save(int events) {
    List<StoredEvent> list = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      list.add(RecorderContract.event(UUID.randomUUID(), 1));
    }
    return new Save(list, List.of(), List.of(), null);
  }

  /** Numbers each save's events after the last batch's, like the recorder, slowly. */
  private static final class Numbering implements java.util.function.Consumer<List<Save>> {
    long next = 1;
    final List<Integer> sizes = new ArrayList<>();
    final AtomicInteger running = new AtomicInteger();

    @Override
    public void accept(List<Save> batch) {
      assertThat(running.incrementAndGet()).as("one leader at a time").isEqualTo(1);
      sizes.add(batch.size());
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (Save save : batch) {
        List<StoredEvent> stored = new ArrayList<>();
        for (StoredEvent event : save.events) {
          stored.add(Inserts.numbered(event, next++));
        }
        save.succeed(stored);
      }
      running.decrementAndGet();
    }
  }

  @Test
  void aLoneCallerRunsItsSaveAtOnceInABatchOfOne() {
    Numbering numbering = new Numbering();
    GroupCommit group = new GroupCommit(numbering, true);
    for (int i = 0; i < 5; i++) {
      assertThat(group.submit(save(2)))
          .extracting(StoredEvent::notificationId)
          .containsExactly(2L * i + 1, 2L * i + 2);
    }
    assertThat(numbering.sizes).containsOnly(1);
  }

  /** With and without the leader's yield before it drains the queue (MariaDB and H2). */
  @ParameterizedTest(name = "yield first: {0}")
  @ValueSource(booleans = {true, false})
  void concurrentCallersShareBatchesAndEachGetsItsOwnResult(boolean yieldFirst) throws Exception {
    Numbering numbering = new Numbering();
    GroupCommit group = new GroupCommit(numbering, yieldFirst);
    int threads = 8;
    int saves = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<List<StoredEvent>>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int events = t % 3 + 1;
        results.add(pool.submit(() -> {
          start.await();
          List<List<StoredEvent>> mine = new ArrayList<>();
          for (int i = 0; i < saves; i++) {
            Save save = save(events);
            List<StoredEvent> stored = group.submit(save);
            // Its own events, numbered.
            assertThat(stored).hasSize(events);
            for (int e = 0; e < events; e++) {
              assertThat(stored.get(e).originatorId())
                  .isEqualTo(save.events.get(e).originatorId());
            }
            mine.add(stored);
          }
          return mine;
        }));
      }
      start.countDown();
      List<Long> ids = new ArrayList<>();
      for (Future<List<List<StoredEvent>>> result : results) {
        for (List<StoredEvent> stored : result.get()) {
          for (int e = 1; e < stored.size(); e++) {
            assertThat(stored.get(e).notificationId())
                .isEqualTo(stored.get(e - 1).notificationId() + 1);
          }
          stored.forEach(event -> ids.add(event.notificationId()));
        }
      }
      ids.sort(null);
      for (int i = 0; i < ids.size(); i++) {
        assertThat(ids.get(i)).isEqualTo(i + 1L);
      }
      assertThat(group.largestBatch())
          .as("saves were combined")
          .isGreaterThan(1)
          .isLessThanOrEqualTo(GroupCommit.MAX_SAVES);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailingBatchFailsItsSavesAndTheNextBatchRuns() throws Exception {
    CountDownLatch leading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger batches = new AtomicInteger();
    GroupCommit group = new GroupCommit(
        batch -> {
          if (batches.incrementAndGet() == 1) {
            leading.countDown();
            await(release);
            throw new IllegalStateException("broken");
          }
          batch.forEach(save -> save.succeed(List.of()));
        },
        false);
    AtomicReference<Throwable> first = new AtomicReference<>();
    Thread leader = new Thread(() -> {
      try {
        group.submit(save(1));
      } catch (Throwable e) {
        first.set(e);
      }
    });
    leader.start();
    leading.await();
    AtomicReference<Object> second = new AtomicReference<>();
    Thread follower = new Thread(() -> {
      try {
        second.set(group.submit(save(1)));
      } catch (Throwable e) {
        second.set(e);
      }
    });
    follower.start();
    release.countDown();
    leader.join(10_000);
    follower.join(10_000);
    assertThat(first.get())
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("nothing was written")
        .hasRootCauseMessage("broken");
    assertThat(second.get()).isEqualTo(List.of());
  }

  @Test
  void anInterruptWithdrawsAQueuedSaveAndKeepsTheInterruptStatus() throws Exception {
    CountDownLatch leading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<Save> ran = new ArrayList<>();
    GroupCommit group = new GroupCommit(
        batch -> {
          leading.countDown();
          await(release);
          ran.addAll(batch);
          batch.forEach(save -> save.succeed(List.of()));
        },
        false);
    Thread leader = new Thread(() -> group.submit(save(1)));
    leader.start();
    leading.await();
    Save queued = save(1);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
    Thread follower = new Thread(() -> {
      try {
        group.submit(queued);
      } catch (Throwable e) {
        failure.set(e);
      }
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    });
    follower.start();
    while (follower.getState() != Thread.State.TIMED_WAITING) {
      Thread.sleep(1);
    }
    follower.interrupt();
    follower.join(10_000);
    release.countDown();
    leader.join(10_000);
    assertThat(failure.get())
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("nothing was written");
    assertThat(stillInterrupted.get()).isTrue();
    assertThat(ran).doesNotContain(queued);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
