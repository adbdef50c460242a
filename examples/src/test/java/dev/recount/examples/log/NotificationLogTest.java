package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.SubscriberFailure;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.log.NotificationLogReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The notification log, its reader and in-process subscribers, on embedded H2. */
class NotificationLogTest {
  private static final String HAPPENED = "dev.recount.examples.world.World.SomethingHappened";

  private final List<SubscriberFailure> failures = new CopyOnWriteArrayList<>();
  private final Application app =
      Application.builder().onSubscriberFailure(failures::add).build();
  private final WorldRepository worlds = WorldRepository.of(app);

  @AfterEach
  void close() {
    app.close();
  }

  private World saved(String... whats) {
    World world = World.create();
    for (String what : whats) {
      world.makeItSo(what);
    }
    worlds.save(world);
    return world;
  }

  @Test
  void everyStoredEventHasTheNextIdInOrder() {
    World first = saved("a", "b");
    World second = saved("c");

    List<Notification> all = app.log().select(1, 10);

    assertThat(all).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(all)
        .extracting(Notification::originatorId)
        .containsExactly(first.id(), first.id(), first.id(), second.id(), second.id());
    assertThat(all.get(2).event()).isEqualTo(new World.SomethingHappened("b"));
    assertThat(all.get(2).originatorVersion()).isEqualTo(3);
    assertThat(app.log().maxId()).isEqualTo(5);
  }

  @Test
  void selectsFromAnIdWithALimitAndByTopic() {
    saved("a", "b");
    saved("c");

    assertThat(app.log().select(2, 2)).extracting(Notification::id).containsExactly(2L, 3L);
    assertThat(app.log().select(4, 100)).extracting(Notification::id).containsExactly(4L, 5L);
    assertThat(app.log().select(1, 100, Set.of(HAPPENED)))
        .extracting(Notification::id)
        .containsExactly(2L, 3L, 5L);
    assertThat(app.log().select(4, 100, Set.of(HAPPENED)))
        .extracting(Notification::id)
        .containsExactly(5L);
  }

  @Test
  void looksUpOneNotificationById() {
    saved("a");

    assertThat(app.log().get(2))
        .get()
        .extracting(Notification::event)
        .isEqualTo(new World.SomethingHappened("a"));
    assertThat(app.log().get(3)).isEmpty();
  }

  @Test
  void readingPastTheEndReturnsNothing() {
    saved("a");

    assertThat(app.log().select(3, 10)).isEmpty();
    assertThat(app.log().select(Long.MAX_VALUE, 10)).isEmpty();
  }

  @Test
  void absurdPositionsAndLimitsAreClearErrors() {
    assertThatThrownBy(() -> app.log().select(0, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("notification id 0 is out of range");
    assertThatThrownBy(() -> app.log().select(-5, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> app.log().select(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("limit 0 is out of range 1..1000");
    assertThatThrownBy(() -> app.log().select(1, 1_000_000))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NotificationLogReader(app.log(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("position -1 is negative");
  }

  @Test
  void theReaderReadsToTheEndInPagesAndResumes() {
    for (int i = 0; i < 12; i++) {
      saved("x"); // two events each
    }
    NotificationLogReader reader = new NotificationLogReader(app.log()).pageSize(5);

    assertThat(reader.readPage()).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(reader.read())
        .extracting(Notification::id)
        .hasSize(19)
        .startsWith(6L)
        .endsWith(24L);
    assertThat(reader.read()).isEmpty();
    assertThat(reader.position()).isEqualTo(24);

    NotificationLogReader resumed = new NotificationLogReader(app.log(), 20);
    assertThat(resumed.read()).extracting(Notification::id).containsExactly(21L, 22L, 23L, 24L);
  }

  @Test
  void theReaderCanFollowOnlySomeTopics() {
    saved("a", "b");
    NotificationLogReader reader =
        new NotificationLogReader(app.log()).topics(Set.of(HAPPENED)).pageSize(1);

    assertThat(reader.read()).extracting(Notification::id).containsExactly(2L, 3L);
    assertThat(reader.position()).isEqualTo(3);
  }

  @Test
  void aFollowerNeverSkipsAnEventWhileWritersCommitConcurrently() throws Exception {
    int writers = 6;
    int savesEach = 60;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
    AtomicBoolean writing = new AtomicBoolean(true);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> writing_ = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        writing_.add(pool.submit(() -> {
          start.await();
          for (int s = 0; s < savesEach; s++) {
            World world = World.create();
            world.makeItSo("w");
            worlds.save(world);
          }
          return null;
        }));
      }
      Future<List<Long>> follower = pool.submit(() -> {
        NotificationLogReader reader = new NotificationLogReader(app.log()).pageSize(7);
        List<Long> seen = new ArrayList<>();
        start.await();
        while (writing.get() || seen.size() < writers * savesEach * 2) {
          for (Notification notification : reader.readPage()) {
            seen.add(notification.id());
          }
          if (!writing.get() && reader.position() == app.log().maxId()) {
            break;
          }
        }
        return seen;
      });
      start.countDown();
      for (Future<?> writer : writing_) {
        writer.get(60, TimeUnit.SECONDS);
      }
      writing.set(false);
      List<Long> seen = follower.get(60, TimeUnit.SECONDS);

      List<Long> expected = new ArrayList<>();
      for (long id = 1; id <= writers * savesEach * 2; id++) {
        expected.add(id);
      }
      assertThat(seen).containsExactlyElementsOf(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void subscribersAreCalledAfterCommitInOrder() {
    List<Long> first = Collections.synchronizedList(new ArrayList<>());
    List<String> second = Collections.synchronizedList(new ArrayList<>());
    app.subscribe(notification -> {
      // Called after commit: the event is already in the log.
      assertThat(app.log().get(notification.id())).isPresent();
      first.add(notification.id());
    });
    app.subscribe(notification -> second.add(notification.topic()));

    saved("a");
    saved();

    assertThat(first).containsExactly(1L, 2L, 3L);
    assertThat(second)
        .containsExactly(
            "dev.recount.examples.world.World.Created",
            HAPPENED,
            "dev.recount.examples.world.World.Created");
    assertThat(failures).isEmpty();
  }

  @Test
  void aSaveThatRolledBackIsNeverDelivered() {
    World world = saved();
    World stale = worlds.get(world.id());
    World winner = worlds.get(world.id());
    winner.makeItSo("won");
    worlds.save(winner);
    List<Notification> delivered = new ArrayList<>();
    app.subscribe(delivered::add);

    stale.makeItSo("lost");
    assertThatThrownBy(() -> worlds.save(stale)).isInstanceOf(ConcurrencyError.class);

    assertThat(delivered).isEmpty();
  }

  @Test
  void aFailingSubscriberBreaksNeitherTheSaveNorTheOthersAndIsReported() {
    List<Long> healthy = new ArrayList<>();
    app.subscribe(notification -> {
      throw new IllegalStateException("projection down");
    });
    app.subscribe(notification -> healthy.add(notification.id()));

    World world = saved("a");

    assertThat(worlds.get(world.id()).history()).containsExactly("a");
    assertThat(healthy).containsExactly(1L, 2L);
    assertThat(failures).hasSize(2);
    assertThat(failures.get(0).notification().id()).isEqualTo(1);
    assertThat(failures.get(0).error()).hasMessage("projection down");
  }

  @Test
  void unsubscribedSubscribersAreNotCalled() {
    List<Long> seen = new ArrayList<>();
    dev.recount.Subscriber subscriber = notification -> seen.add(notification.id());
    app.subscribe(subscriber);
    saved();
    app.unsubscribe(subscriber);
    saved();

    assertThat(seen).containsExactly(1L);
  }

  @Test
  void theLogInterfaceDefaultsDelegateToSelect() {
    NotificationLog log = app.log();
    saved("a");

    assertThat(log.select(1, NotificationLog.MAX_LIMIT)).hasSize(2);
  }
}
