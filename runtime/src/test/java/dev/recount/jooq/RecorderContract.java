package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What every recorder must do, run unchanged against each database: subclasses only say which. Each
 * test gets tables of its own (a fresh table prefix), dropped afterwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class RecorderContract {
  static final String TOPIC = "test.Thing.Happened";

  /** The database under test; skips (or on CI fails) the test if its server is unreachable. */
  abstract TestDatabase database();

  TestDatabase db;
  String prefix;
  Recorder recorder;

  @BeforeEach
  void open() {
    db = database().requireReachable();
    prefix = TestDatabase.newPrefix("contract");
    recorder = open(true);
  }

  Recorder open(boolean createTables) {
    return Recorders.open(db.url, db.user, db.password, prefix, createTables, 10);
  }

  @AfterEach
  void close() {
    if (recorder != null) {
      recorder.close();
    }
    if (prefix != null) {
      db.drop(prefix);
    }
  }

  // ---- records --------------------------------------------------------------------------------

  static StoredEvent event(UUID id, long version) {
    return event(id, version, TOPIC, ("{\"v\":" + version + "}").getBytes(StandardCharsets.UTF_8));
  }

  static StoredEvent event(UUID id, long version, String topic, byte[] state) {
    byte[] hash = new byte[32];
    new Random(version * 31 + id.getLeastSignificantBits()).nextBytes(hash);
    return new StoredEvent(
        id,
        version,
        topic,
        1_700_000_000_000_000L + version,
        state,
        version == 1 ? null : new byte[32],
        hash,
        0);
  }

  static StoredSnapshot snapshot(UUID id, long version) {
    return new StoredSnapshot(
        id,
        version,
        "test.Thing",
        1_700_000_000_000_000L,
        "fp" + version,
        ("{\"state\":" + version + "}").getBytes(StandardCharsets.UTF_8),
        new byte[32],
        new byte[32]);
  }

  static List<Long> ids(List<StoredEvent> events) {
    List<Long> ids = new ArrayList<>();
    for (StoredEvent event : events) {
      ids.add(event.notificationId());
    }
    return ids;
  }

  // ---- recorder -------------------------------------------------------------------------------

  @Test
  void readsBackWhatWasInsertedWithIncreasingNotificationIds() {
    UUID id = UUID.randomUUID();
    List<StoredEvent> stored =
        recorder.insert(List.of(event(id, 1), event(id, 2), event(id, 3)), List.of());

    assertThat(ids(stored)).isSorted().doesNotHaveDuplicates().allMatch(n -> n > 0);
    assertThat(recorder.events(id, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE))
        .containsExactlyElementsOf(stored);
    assertThat(recorder.events(id, 2, 3, false, 10))
        .containsExactlyElementsOf(stored.subList(1, 3));
    assertThat(recorder.events(id, 1, Long.MAX_VALUE, true, 2))
        .containsExactly(stored.get(2), stored.get(1));
    assertThat(recorder.events(UUID.randomUUID(), 1, Long.MAX_VALUE, false, 10)).isEmpty();
  }

  /** More events in one save than one statement inserts: numbered in order across statements. */
  @Test
  void aSaveOfMoreEventsThanOneStatementInsertsIsNumberedInOrder() {
    UUID id = UUID.randomUUID();
    List<StoredEvent> events = new ArrayList<>();
    for (int version = 1; version <= Inserts.ROWS_PER_STATEMENT * 2 + 5; version++) {
      events.add(event(id, version));
    }
    List<StoredEvent> stored = recorder.insert(events, List.of());

    assertThat(ids(stored)).hasSize(events.size()).isSorted().doesNotHaveDuplicates();
    assertThat(recorder.events(id, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE))
        .containsExactlyElementsOf(stored);
    assertThat(recorder.notifications(1, 10_000, Set.of())).containsExactlyElementsOf(stored);
  }

  @Test
  void keepsBytesTopicsTimestampsAndIdsExactly() {
    byte[] everyByte = new byte[256];
    for (int i = 0; i < everyByte.length; i++) {
      everyByte[i] = (byte) i;
    }
    byte[] large = new byte[3 * 1024 * 1024 + 7];
    new Random(42).nextBytes(large);
    UUID zero = new UUID(0, 0);
    UUID ones = new UUID(-1, -1);
    UUID high = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
    String unicode = "test.Ünïcödé.事件.😀";
    List<StoredEvent> events = List.of(
        event(zero, 1, unicode, everyByte),
        event(ones, 1, TOPIC, new byte[0]),
        event(high, 1, TOPIC, large),
        new StoredEvent(high, 2, TOPIC, Long.MIN_VALUE + 1, new byte[] {0}, null, null, 0),
        new StoredEvent(
            high,
            3,
            TOPIC,
            Long.MAX_VALUE,
            new byte[] {-1},
            Arrays.copyOfRange(everyByte, 224, 256),
            Arrays.copyOfRange(everyByte, 0, 32),
            0));
    List<StoredEvent> stored = recorder.insert(events, List.of());
    TestDatabase.awaitVisible(recorder, stored.get(4).notificationId());

    assertThat(recorder.events(zero, 1, 1, false, 1)).containsExactly(stored.get(0));
    assertThat(recorder.events(ones, 1, 1, false, 1)).containsExactly(stored.get(1));
    assertThat(recorder.events(high, 1, 3, false, 3))
        .containsExactlyElementsOf(stored.subList(2, 5));
    assertThat(recorder.notifications(1, 10, Set.of(unicode))).containsExactly(stored.get(0));
  }

  @Test
  void aConflictWritesNothingOfTheInsert() {
    UUID id = UUID.randomUUID();
    UUID other = UUID.randomUUID();
    List<StoredEvent> first = recorder.insert(List.of(event(id, 1)), List.of());
    long max = TestDatabase.awaitVisible(recorder, first.get(0).notificationId());

    assertThatThrownBy(() -> recorder.insert(
            List.of(event(other, 1), event(other, 2), event(id, 1)), List.of(snapshot(other, 2))))
        .isInstanceOf(RecordConflict.class);

    assertThat(recorder.events(other, 1, Long.MAX_VALUE, false, 10)).isEmpty();
    assertThat(recorder.snapshots(other)).isEmpty();
    assertThat(recorder.events(id, 1, Long.MAX_VALUE, false, 10)).containsExactlyElementsOf(first);
    assertThat(recorder.maxNotificationId()).isEqualTo(max);
    assertThat(recorder.notifications(1, 10, Set.of())).containsExactlyElementsOf(first);

    List<StoredEvent> next = recorder.insert(List.of(event(other, 1)), List.of());
    assertThat(next.get(0).notificationId()).isGreaterThan(max);
  }

  @Test
  void aDuplicateWithinOneInsertIsAConflict() {
    UUID id = UUID.randomUUID();
    assertThatThrownBy(() -> recorder.insert(List.of(event(id, 1), event(id, 1)), List.of()))
        .isInstanceOf(RecordConflict.class);
    assertThat(recorder.events(id, 1, Long.MAX_VALUE, false, 10)).isEmpty();
    assertThat(recorder.maxNotificationId()).isZero();
  }

  @Test
  void storesManyEventsOfOneInsertInOrder() {
    List<StoredEvent> events = new ArrayList<>();
    for (int i = 0; i < 2_345; i++) {
      events.add(event(new UUID(7, i / 5), i % 5 + 1));
    }
    List<StoredEvent> stored = recorder.insert(events, List.of());

    assertThat(ids(stored)).isSorted().doesNotHaveDuplicates();
    TestDatabase.awaitVisible(recorder, stored.get(stored.size() - 1).notificationId());
    List<StoredEvent> read = new ArrayList<>();
    long from = 1;
    List<StoredEvent> page;
    while (!(page = recorder.notifications(from, 1000, Set.of())).isEmpty()) {
      read.addAll(page);
      from = page.get(page.size() - 1).notificationId() + 1;
    }
    assertThat(read).containsExactlyElementsOf(stored);
    assertThat(recorder.maxNotificationId())
        .isEqualTo(stored.get(stored.size() - 1).notificationId());
  }

  // ---- snapshots ------------------------------------------------------------------------------

  @Test
  void snapshotsAreStoredWithTheEventsAndFoundAtOrBelowAVersion() {
    UUID id = UUID.randomUUID();
    recorder.insert(List.of(event(id, 1), event(id, 2)), List.of(snapshot(id, 2)));
    recorder.insert(List.of(event(id, 3), event(id, 4)), List.of(snapshot(id, 4)));
    recorder.insert(List.of(), List.of(snapshot(id, 3)));

    assertThat(recorder.snapshots(id))
        .containsExactly(snapshot(id, 2), snapshot(id, 3), snapshot(id, 4));
    assertThat(recorder.replay(id, Long.MAX_VALUE).snapshot()).isEqualTo(snapshot(id, 4));
    assertThat(recorder.replay(id, 3).snapshot()).isEqualTo(snapshot(id, 3));
    assertThat(recorder.replay(id, 1).snapshot()).isNull();
    assertThat(recorder.replay(UUID.randomUUID(), 9).snapshot()).isNull();
  }

  @Test
  void aReplayHasTheNewestSnapshotAtOrBelowTheVersionAndTheEventsAfterIt() {
    UUID id = UUID.randomUUID();
    List<StoredEvent> stored = new ArrayList<>(
        recorder.insert(List.of(event(id, 1), event(id, 2), event(id, 3)), List.of()));
    // Without hashing a snapshot has no head and no hash.
    StoredSnapshot unhashed = new StoredSnapshot(
        id, 3, "test.Thing", 1_700_000_000_000_003L, "fp", new byte[] {7}, null, null);
    stored.addAll(recorder.insert(List.of(event(id, 4), event(id, 5)), List.of(unhashed)));
    stored.addAll(recorder.insert(List.of(event(id, 6)), List.of(snapshot(id, 5))));

    assertThat(recorder.replay(id, 2)).isEqualTo(new Recorder.Replay(null, stored.subList(0, 2)));
    assertThat(recorder.replay(id, 3)).isEqualTo(new Recorder.Replay(unhashed, List.of()));
    assertThat(recorder.replay(id, 4))
        .isEqualTo(new Recorder.Replay(unhashed, stored.subList(3, 4)));
    assertThat(recorder.replay(id, Long.MAX_VALUE))
        .isEqualTo(new Recorder.Replay(snapshot(id, 5), stored.subList(5, 6)));
    assertThat(recorder.replay(UUID.randomUUID(), Long.MAX_VALUE))
        .isEqualTo(new Recorder.Replay(null, List.of()));
    // Another aggregate's rows never mix in.
    UUID other = UUID.randomUUID();
    recorder.insert(List.of(event(other, 1)), List.of(snapshot(other, 1)));
    assertThat(recorder.replay(id, 1)).isEqualTo(new Recorder.Replay(null, stored.subList(0, 1)));
  }

  @Test
  void theWholeTableIsScannedByAggregateAndVersionOnceEach() {
    List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    for (int version = 1; version <= 3; version++) {
      for (UUID id : ids) {
        recorder.insert(
            List.of(event(id, version)), version == 2 ? List.of(snapshot(id, 2)) : List.of());
      }
    }
    List<StoredEvent> read = new ArrayList<>();
    List<StoredSnapshot> joined = new ArrayList<>();
    recorder.scanEvents((event, snapshot) -> {
      read.add(event);
      if (snapshot != null) {
        assertThat(snapshot.originatorVersion()).isEqualTo(event.originatorVersion());
        joined.add(snapshot);
      }
    });
    List<Recorder.SnapshotKey> keys = new ArrayList<>();
    recorder.scanSnapshotKeys(keys::add);

    // The ids in the database's order, the one originatorIds pages in.
    List<UUID> order = recorder.originatorIds(null, 10);
    List<String> expected = new ArrayList<>();
    for (UUID id : order) {
      for (int version = 1; version <= 3; version++) {
        expected.add(id + "@" + version);
      }
    }
    assertThat(read.stream().map(e -> e.originatorId() + "@" + e.originatorVersion()))
        .containsExactlyElementsOf(expected);
    assertThat(keys)
        .containsExactlyInAnyOrderElementsOf(
            order.stream().map(id -> new Recorder.SnapshotKey(id, 2)).toList());
    assertThat(joined)
        .containsExactlyElementsOf(order.stream().map(id -> snapshot(id, 2)).toList());
  }

  @Test
  void theRecordsAreScannedSnapshotsFirstThenEventsByAggregateAndVersion() {
    List<UUID> ids = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    for (int version = 1; version <= 3; version++) {
      for (UUID id : ids) {
        recorder.insert(
            List.of(event(id, version)), version >= 2 ? List.of(snapshot(id, version)) : List.of());
      }
    }
    List<String> read = new ArrayList<>();
    recorder.scanRecords(
        snapshot -> read.add("s " + snapshot.originatorId() + "@" + snapshot.originatorVersion()),
        event -> read.add("e " + event.originatorId() + "@" + event.originatorVersion()));

    List<UUID> order = recorder.originatorIds(null, 10);
    List<String> events = new ArrayList<>();
    List<String> snapshots = new ArrayList<>();
    for (UUID id : order) {
      for (int version = 1; version <= 3; version++) {
        events.add("e " + id + "@" + version);
        if (version >= 2) {
          snapshots.add("s " + id + "@" + version);
        }
      }
    }
    assertThat(read.subList(0, snapshots.size())).containsExactlyInAnyOrderElementsOf(snapshots);
    assertThat(read.subList(snapshots.size(), read.size())).containsExactlyElementsOf(events);
  }

  @Test
  void aReplayShowsEventsThatNoSnapshotOrEarlierEventPrecedes() {
    // Versions 1 and 2 missing, as if deleted: the load above this checks the sequence and
    // names the gap, so the recorder must return what is there, not guess a snapshot.
    UUID id = UUID.randomUUID();
    List<StoredEvent> stored = recorder.insert(List.of(event(id, 3), event(id, 4)), List.of());

    assertThat(recorder.replay(id, Long.MAX_VALUE)).isEqualTo(new Recorder.Replay(null, stored));
    recorder.insert(List.of(), List.of(snapshot(id, 1)));
    assertThat(recorder.replay(id, Long.MAX_VALUE))
        .isEqualTo(new Recorder.Replay(snapshot(id, 1), stored));
  }

  @Test
  void aDuplicateSnapshotIsAConflictAndTakesItsEventsBack() {
    UUID id = UUID.randomUUID();
    recorder.insert(List.of(event(id, 1), event(id, 2)), List.of(snapshot(id, 2)));

    assertThatThrownBy(() -> recorder.insert(List.of(event(id, 3)), List.of(snapshot(id, 2))))
        .isInstanceOf(RecordConflict.class);
    assertThat(recorder.events(id, 1, Long.MAX_VALUE, false, 10)).hasSize(2);
  }

  // ---- notification log -----------------------------------------------------------------------

  @Test
  void notificationsFollowTheOrderOfInsertsAndFilterByExactTopic() {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    List<StoredEvent> all = new ArrayList<>();
    all.addAll(recorder.insert(
        List.of(event(a, 1, "test.A", new byte[] {1}), event(b, 1, "test.B", new byte[] {2})),
        List.of()));
    all.addAll(recorder.insert(List.of(event(a, 2, "test.a", new byte[] {3})), List.of()));
    all.addAll(recorder.insert(
        List.of(event(b, 2, "test.A ", new byte[] {4}), event(a, 3, "test.A", new byte[] {5})),
        List.of()));

    assertThat(ids(all)).isSorted().doesNotHaveDuplicates();
    TestDatabase.awaitVisible(recorder, all.get(4).notificationId());
    assertThat(recorder.notifications(1, 100, Set.of())).containsExactlyElementsOf(all);
    long second = all.get(1).notificationId();
    assertThat(recorder.notifications(second, 2, Set.of())).containsExactly(all.get(1), all.get(2));
    assertThat(recorder.notifications(second + 1, 100, Set.of()))
        .containsExactlyElementsOf(all.subList(2, 5));
    // Topics are case- and space-sensitive on every database (MariaDB's default collation is not).
    assertThat(recorder.notifications(1, 100, Set.of("test.A")))
        .containsExactly(all.get(0), all.get(4));
    assertThat(recorder.notifications(1, 100, Set.of("test.a", "test.B")))
        .containsExactly(all.get(1), all.get(2));
    assertThat(recorder.notifications(all.get(4).notificationId() + 1, 100, Set.of()))
        .isEmpty();
    assertThat(recorder.maxNotificationId()).isEqualTo(all.get(4).notificationId());
  }

  /**
   * Every combination of range, limit and topics a follower's windows make (a range narrower than
   * the limit, wider, unbounded; one topic, several, one absent) returns what filtering the whole
   * log in memory returns: the query's shape (on H2 a range read whole and filtered, or one index
   * range per topic) never changes the answer.
   */
  @Test
  void notificationsOfTopicsInARangeAreTheLogsFilteredInOrder() {
    List<StoredEvent> all = new ArrayList<>();
    UUID[] aggregates = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
    for (int i = 0; i < 30; i += 3) {
      List<StoredEvent> three = new ArrayList<>();
      for (int j = i; j < i + 3; j++) {
        // topics in an irregular pattern, so that a window can hold one topic's rows only
        String topic = "test." + "ABCABBCAC".charAt(j % 9);
        three.add(event(aggregates[j % 3], j / 3 + 1, topic, new byte[] {(byte) j}));
      }
      all.addAll(recorder.insert(three, List.of()));
    }
    long first = all.get(0).notificationId();
    long last = all.get(all.size() - 1).notificationId();
    TestDatabase.awaitVisible(recorder, last);
    List<Set<String>> topicSets = List.of(
        Set.of("test.A"),
        Set.of("test.A", "test.B"),
        Set.of("test.A", "test.B", "test.C"),
        Set.of("test.C", "test.absent"));
    for (long from : new long[] {first, first + 4, last}) {
      for (long to : new long[] {from, from + 2, from + 9, last, Long.MAX_VALUE}) {
        for (int limit : new int[] {1, 3, 10, 100}) {
          for (Set<String> topics : topicSets) {
            List<StoredEvent> expected = new ArrayList<>();
            for (StoredEvent event : all) {
              long id = event.notificationId();
              if (id >= from
                  && id <= to
                  && topics.contains(event.topic())
                  && expected.size() < limit) {
                expected.add(event);
              }
            }
            assertThat(recorder.notifications(from, to, limit, topics))
                .as("from %d to %d, limit %d, topics %s", from, to, limit, topics)
                .containsExactlyElementsOf(expected);
          }
        }
      }
    }
    assertThat(recorder.maxNotificationId()).isEqualTo(last);
  }

  @Test
  void anEmptyLogHasMaxIdZero() {
    assertThat(recorder.maxNotificationId()).isZero();
    assertThat(recorder.notifications(1, 10, Set.of())).isEmpty();
  }

  @Test
  void listsEveryAggregateOnceAcrossPages() {
    Set<UUID> ids = new HashSet<>();
    List<StoredEvent> events = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      UUID id = i == 0 ? new UUID(0, 0) : i == 1 ? new UUID(-1, -1) : UUID.randomUUID();
      ids.add(id);
      events.add(event(id, 1));
      events.add(event(id, 2));
    }
    recorder.insert(events, List.of());

    List<UUID> listed = new ArrayList<>();
    UUID after = null;
    List<UUID> page;
    while (!(page = recorder.originatorIds(after, 5)).isEmpty()) {
      assertThat(page).hasSizeLessThanOrEqualTo(5);
      listed.addAll(page);
      after = page.get(page.size() - 1);
    }
    assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
  }

  // ---- concurrency ----------------------------------------------------------------------------

  @Test
  void aFollowerSeesEveryEventOfConcurrentWritersOnceInOrder() throws Exception {
    int writers = 6;
    int saves = 40;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    AtomicLong expected = new AtomicLong(-1);
    List<StoredEvent> followed = Collections.synchronizedList(new ArrayList<>());
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    Thread follower = new Thread(() -> {
      try {
        follow(expected, followed);
      } catch (Throwable e) {
        failures.add(e);
      }
    });
    follower.start();
    try {
      List<Future<List<StoredEvent>>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int seed = w;
        results.add(pool.submit(() -> {
          Random random = new Random(seed);
          List<StoredEvent> mine = new ArrayList<>();
          for (int s = 0; s < saves; s++) {
            UUID id = UUID.randomUUID();
            List<StoredEvent> events = new ArrayList<>();
            for (int v = 1, n = 1 + random.nextInt(3); v <= n; v++) {
              events.add(event(id, v));
            }
            mine.addAll(recorder.insert(events, List.of()));
          }
          return mine;
        }));
      }
      Set<StoredEvent> written = new HashSet<>();
      for (Future<List<StoredEvent>> result : results) {
        written.addAll(result.get(50, TimeUnit.SECONDS));
      }
      expected.set(written.size());
      follower.join(40_000);
      assertThat(follower.isAlive()).isFalse();
      assertThat(failures).isEmpty();
      assertThat(ids(followed)).isSorted().doesNotHaveDuplicates();
      assertThat(followed).containsExactlyInAnyOrderElementsOf(written);
      assertThat(followed).containsExactlyElementsOf(recorder.notifications(1, 10_000, Set.of()));
    } finally {
      expected.compareAndSet(-1, 0);
      pool.shutdownNow();
    }
  }

  /**
   * Reads the log after the last id seen until it has seen as many events as were written (known
   * once the writers finish), or for at most 30 s more.
   */
  private void follow(AtomicLong expected, List<StoredEvent> followed) {
    long last = 0;
    long deadline = Long.MAX_VALUE;
    while (expected.get() < 0 || followed.size() < expected.get()) {
      if (expected.get() >= 0 && deadline == Long.MAX_VALUE) {
        deadline = System.nanoTime() + 30_000_000_000L;
      }
      if (System.nanoTime() > deadline) {
        return;
      }
      List<StoredEvent> page = recorder.notifications(last + 1, 7, Set.of());
      for (StoredEvent event : page) {
        if (event.notificationId() <= last) {
          throw new AssertionError("id " + event.notificationId() + " came after " + last);
        }
        last = event.notificationId();
        followed.add(event);
      }
    }
  }

  @Test
  void concurrentInsertsOfOneVersionHaveExactlyOneWinner() throws Exception {
    int racers = 4;
    UUID id = UUID.randomUUID();
    recorder.insert(List.of(event(id, 1)), List.of());
    ExecutorService pool = Executors.newFixedThreadPool(racers);
    try {
      for (long version = 2; version <= 11; version++) {
        CountDownLatch start = new CountDownLatch(1);
        List<String> outcomes = new CopyOnWriteArrayList<>();
        List<Future<?>> done = new ArrayList<>();
        long v = version;
        for (int r = 0; r < racers; r++) {
          done.add(pool.submit(() -> {
            start.await();
            try {
              recorder.insert(List.of(event(id, v)), List.of());
              outcomes.add("won");
            } catch (RecordConflict e) {
              outcomes.add("lost");
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get(30, TimeUnit.SECONDS);
        }
        assertThat(outcomes).as("version %d", v).containsOnlyOnce("won").hasSize(racers);
      }
      assertThat(recorder.events(id, 1, Long.MAX_VALUE, false, 100)).hasSize(11);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- tables ---------------------------------------------------------------------------------

  @Test
  void reopeningKeepsTheRecordsAndIdsKeepIncreasing() {
    UUID id = UUID.randomUUID();
    List<StoredEvent> first = recorder.insert(List.of(event(id, 1)), List.of());
    recorder.close();
    recorder = open(true);
    recorder.close();
    recorder = open(false);

    assertThat(recorder.events(id, 1, 1, false, 1)).containsExactlyElementsOf(first);
    List<StoredEvent> second = recorder.insert(List.of(event(id, 2)), List.of());
    assertThat(second.get(0).notificationId()).isGreaterThan(first.get(0).notificationId());
  }

  @Test
  void missingTablesAreAClearErrorWhenNotCreated() {
    String other = TestDatabase.newPrefix("missing");
    assertThatThrownBy(() -> Recorders.open(db.url, db.user, db.password, other, false, 2))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining(other + "events")
        .hasMessageContaining("docs/DATABASES.md")
        .hasMessageContaining("CREATE_TABLES=true");
  }
}
