package dev.recount.store;

import static dev.recount.store.StoreDatabase.EVENTS;
import static dev.recount.store.StoreDatabase.SNAPSHOTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.CipherKeys;
import dev.recount.ConcurrencyError;
import dev.recount.log.Notification;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Saving aggregates and loading them back through a real in-memory H2 database. */
class EventStoreTest {
  private static final Counter_Mutator COUNTERS = Counter_Mutator.INSTANCE;

  private final StoreDatabase database = new StoreDatabase();
  private EventStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    database.close();
  }

  @Test
  void aLoadEqualsTheSavedLiveState() {
    store = database.open();
    Counter counter = Counter.create();
    counter.add(2);
    counter.add(3);

    List<Notification> saved = store.save(List.of(counter), null);

    assertThat(saved).extracting(Notification::id).containsExactly(1L, 2L, 3L);
    assertThat(saved)
        .extracting(Notification::event)
        .containsExactly(new Counter.Created(), new Counter.Added(2), new Counter.Added(3));
    assertThat(counter.pendingEvents()).isEmpty();
    assertThat(counter.head()).hasSize(64);

    Counter loaded = store.load(COUNTERS, counter.id(), Long.MAX_VALUE);

    assertThat(loaded.total).isEqualTo(5);
    assertThat(loaded.version()).isEqualTo(3);
    assertThat(loaded.createdOn()).isEqualTo(counter.createdOn());
    // Stored as microseconds: nothing of the live timestamp may be lost on the way.
    assertThat(loaded.modifiedOn())
        .isEqualTo(counter.modifiedOn())
        .isEqualTo(counter.modifiedOn().truncatedTo(ChronoUnit.MICROS));
    assertThat(loaded.createdOn()).isBefore(loaded.modifiedOn());
    assertThat(loaded.head()).isEqualTo(counter.head());
    assertThat(loaded.pendingEvents()).isEmpty();
  }

  /** Refused before anything is written, naming the aggregate, version, size and the limit. */
  @Test
  void anEventLargerThanMaxEventBytesIsRefusedWritingNothing() {
    store = database.open("MAX_EVENT_BYTES", "12");
    Counter counter = Counter.create();
    counter.add(1);
    counter.add(1_000_000_000);

    assertThatThrownBy(() -> store.save(List.of(counter), null))
        .isInstanceOf(dev.recount.PersistenceError.class)
        .hasMessageMatching("the event \\S+ of aggregate " + counter.id() + " at version 3 is"
            + " 1[3-9] bytes stored, more than MAX_EVENT_BYTES \\(12\\); nothing was written");
    assertThat(database.query("SELECT COUNT(*) FROM " + EVENTS)).isEqualTo(0L);
    assertThat(counter.pendingEvents()).hasSize(3);
  }

  @Test
  void aLoadAtAVersionStopsThere() {
    store = database.open();
    Counter counter = Counter.create();
    counter.add(2);
    store.save(List.of(counter), null);
    String headAtTwo = counter.head();
    counter.add(3);
    store.save(List.of(counter), null);

    Counter atTwo = store.load(COUNTERS, counter.id(), 2);

    assertThat(atTwo.total).isEqualTo(2);
    assertThat(atTwo.version()).isEqualTo(2);
    assertThat(atTwo.head()).isEqualTo(headAtTwo).isNotEqualTo(counter.head());
    assertThat(atTwo.modifiedOn()).isBefore(counter.modifiedOn());
  }

  @Test
  void anAggregateContinuesAfterALoad() {
    store = database.open();
    Counter counter = Counter.create();
    store.save(List.of(counter), null);
    Counter loaded = store.load(COUNTERS, counter.id(), Long.MAX_VALUE);
    loaded.add(7);
    store.save(List.of(loaded), null);

    assertThat(store.load(COUNTERS, counter.id(), Long.MAX_VALUE).total).isEqualTo(7);
    assertThat(store.storedEvents(counter.id())).hasSize(2);
  }

  @Test
  void nothingStoredLoadsAsNull() {
    store = database.open();
    assertThat(store.load(COUNTERS, UUID.randomUUID(), Long.MAX_VALUE)).isNull();
    assertThat(store.contains(UUID.randomUUID())).isFalse();
  }

  @Test
  void aStaleCopyIsAConcurrencyErrorAndTheWholeSaveWritesNothing() {
    store = database.open();
    Counter counter = Counter.create();
    store.save(List.of(counter), null);
    Counter first = store.load(COUNTERS, counter.id(), Long.MAX_VALUE);
    Counter stale = store.load(COUNTERS, counter.id(), Long.MAX_VALUE);
    first.add(1);
    store.save(List.of(first), null);

    stale.add(5);
    Counter bystander = Counter.create();
    assertThatThrownBy(() -> store.save(List.of(bystander, stale), null))
        .isInstanceOf(ConcurrencyError.class)
        .hasMessageStartingWith("aggregate " + counter.id() + " already has an event at version 2")
        .satisfies(e -> {
          assertThat(((ConcurrencyError) e).aggregateId()).isEqualTo(counter.id());
          assertThat(((ConcurrencyError) e).version()).isEqualTo(2);
        });

    // One transaction: the bystander's events went nowhere either.
    assertThat(database.count("SELECT COUNT(*) FROM " + EVENTS)).isEqualTo(2);
    assertThat(store.contains(bystander.id())).isFalse();
    assertThat(store.load(COUNTERS, counter.id(), Long.MAX_VALUE).total).isEqualTo(1);
    // Not marked saved: the caller can still see (and retry) what was not stored.
    assertThat(stale.pendingEvents()).containsExactly(new Counter.Added(5));
    assertThat(bystander.pendingEvents()).hasSize(1);
  }

  @Test
  void withoutAnIntervalNoSnapshotIsTaken() {
    store = database.open();
    Counter counter = Counter.create();
    for (int i = 0; i < 10; i++) {
      counter.add(i);
    }
    store.save(List.of(counter), null);

    assertThat(database.count("SELECT COUNT(*) FROM " + SNAPSHOTS)).isZero();
  }

  @Test
  void aSnapshotIsTakenWhenASaveCrossesAMultipleOfTheInterval() {
    store = database.open("SNAPSHOTTING_INTERVAL", "3");
    Counter counter = Counter.create();
    counter.add(1);
    store.save(List.of(counter), null); // version 2: below 3, none
    counter.add(2);
    store.save(List.of(counter), null); // version 3: one, at 3
    counter.add(3);
    store.save(List.of(counter), null); // version 4: none
    counter.add(4);
    counter.add(5);
    counter.add(6);
    store.save(List.of(counter), null); // version 7 crosses 6: one, at 7 (the saved version)

    assertThat(snapshotVersions(counter.id())).containsExactly(3L, 7L);
  }

  @Test
  void aLoadFromASnapshotEqualsAFullReplayAtEveryVersion() {
    store = database.open("SNAPSHOTTING_INTERVAL", "3");
    Counter counter = Counter.create();
    for (int n = 1; n <= 8; n++) {
      counter.add(n * n);
      store.save(List.of(counter), null);
    }
    assertThat(snapshotVersions(counter.id())).containsExactly(3L, 6L, 9L);

    Counter[] fromSnapshots = new Counter[10];
    for (int version = 1; version <= 9; version++) {
      fromSnapshots[version] = store.load(COUNTERS, counter.id(), version);
    }
    // The snapshot at or below the version was used: only the events after it were applied.
    assertThat(fromSnapshots[9].applied).isZero();
    assertThat(fromSnapshots[8].applied).isEqualTo(2);
    assertThat(fromSnapshots[4].applied).isEqualTo(1);
    // Below the first snapshot, there is none to use: every event is replayed.
    assertThat(fromSnapshots[2].applied).isEqualTo(2);

    database.update("DELETE FROM " + SNAPSHOTS);
    for (int version = 1; version <= 9; version++) {
      Counter replayed = store.load(COUNTERS, counter.id(), version);
      Counter snapshotted = fromSnapshots[version];
      assertThat(replayed.applied).as("version %s", version).isEqualTo(version);
      assertThat(snapshotted.total).as("version %s", version).isEqualTo(replayed.total);
      assertThat(snapshotted.version()).isEqualTo(replayed.version()).isEqualTo(version);
      assertThat(snapshotted.createdOn()).isEqualTo(replayed.createdOn());
      assertThat(snapshotted.modifiedOn()).isEqualTo(replayed.modifiedOn());
      assertThat(snapshotted.head()).isEqualTo(replayed.head());
    }
    assertThat(fromSnapshots[9].total).isEqualTo(counter.total).isEqualTo(204);
    assertThat(fromSnapshots[9].modifiedOn()).isEqualTo(counter.modifiedOn());
  }

  @Test
  void aSnapshotStandsInForTheEventsItCovers() {
    // Encrypted and compressed, so that the snapshot's state goes through the transcoder too.
    store = database.open(
        "SNAPSHOTTING_INTERVAL", "3", "CIPHER_KEY", CipherKeys.generate(), "COMPRESSOR", "zlib");
    Counter counter = Counter.create();
    counter.add(10);
    counter.add(20);
    store.save(List.of(counter), null); // version 3: a snapshot
    counter.add(30);
    store.save(List.of(counter), null); // version 4: none
    // Without the events below the snapshot's version, only the snapshot can supply them. (The
    // event at its version stays: the load checks the snapshot's head against its hash.)
    database.update("DELETE FROM " + EVENTS + " WHERE \"originator_version\" < 3");

    Counter loaded = store.load(COUNTERS, counter.id(), Long.MAX_VALUE);

    assertThat(loaded.total).isEqualTo(60);
    assertThat(loaded.version()).isEqualTo(4);
    assertThat(loaded.applied).isEqualTo(1);
    assertThat(loaded.head()).isEqualTo(counter.head());
  }

  private List<Object> snapshotVersions(UUID id) {
    return database.column(
        "SELECT \"originator_version\" FROM " + SNAPSHOTS
            + " WHERE \"originator_id\" = ? ORDER BY 1",
        id);
  }
}
