package dev.recount.store;

import static dev.recount.store.StoreDatabase.EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.AggregateForgotten;
import dev.recount.Audit;
import dev.recount.CipherKeyError;
import dev.recount.CipherKeys;
import dev.recount.ConfigurationError;
import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.log.Forgotten;
import dev.recount.log.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crypto-shredding on H2 (the examples module runs it on PostgreSQL and MariaDB too, with
 * followers): each aggregate's own data key, wrapped by the application key, and what forgetting it
 * leaves.
 */
class SubjectKeysTest {
  private static final Counter_Mutator COUNTERS = Counter_Mutator.INSTANCE;
  private static final String KEYS = "\"recount_subject_keys\"";
  private static final String K1 = CipherKeys.generate();
  private static final String K2 = CipherKeys.generate();

  private final StoreDatabase database = new StoreDatabase();
  private final List<EventStore> stores = new ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(EventStore::close);
    database.close();
  }

  private EventStore open(String... settings) {
    EventStore store = database.open(settings);
    stores.add(store);
    return store;
  }

  private EventStore openShredding() {
    return open("CIPHER_KEYS", "k1:" + K1, "SUBJECT_KEYS", "true", "SNAPSHOTTING_INTERVAL", "2");
  }

  private static Counter saved(EventStore store, int... adds) {
    Counter counter = Counter.create();
    for (int n : adds) {
      counter.add(n);
    }
    store.save(List.of(counter), null);
    return counter;
  }

  @Test
  void eachAggregateHasItsOwnKeyWrappedByTheApplicationKey() {
    EventStore store = openShredding();
    Counter one = saved(store, 1, 2);
    Counter two = saved(store, 3);

    assertThat(database.count("SELECT COUNT(*) FROM " + KEYS)).isEqualTo(2);
    byte[] wrapped = (byte[]) database.query(
        "SELECT \"wrapped_key\" FROM " + KEYS + " WHERE \"subject_id\" = ?", one.id());
    // Sealed like a record: the format byte, the wrapping key's id, then nonce and ciphertext.
    assertThat(wrapped[0] & 0xff).isEqualTo(0x80 | 0x10);
    assertThat(new String(wrapped, 2, wrapped[1], java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("k1");
    // Records name no key: bit 5 says the aggregate's own key encrypted them.
    assertThat(store.storedEvents(one.id()))
        .allSatisfy(event -> assertThat(event.state()[0] & 0xf0).isEqualTo(0x80 | 0x20));
    assertThat(openShredding().load(COUNTERS, one.id(), Long.MAX_VALUE).total).isEqualTo(3);
    assertThat(openShredding().load(COUNTERS, two.id(), Long.MAX_VALUE).total).isEqualTo(3);
  }

  @Test
  void threadsLoadingAndSavingOneAggregateAtOnceEachUseItsKeyWhole() throws Exception {
    // An aggregate's data key has one cipher of its own, lent to one thread at a time; the others
    // use their thread's shared one. Two threads on one cipher would fail authentication.
    EventStore store = openShredding();
    Counter counter = saved(store, 1, 2, 3, 4, 5);
    Counter other = saved(store, 6);
    java.util.concurrent.ExecutorService threads =
        java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Integer>> totals = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        UUID id = i % 2 == 0 ? counter.id() : other.id();
        totals.add(threads.submit(() -> store.load(COUNTERS, id, Long.MAX_VALUE).total));
      }
      for (int i = 0; i < totals.size(); i++) {
        assertThat(totals.get(i).get()).as("load %d", i).isEqualTo(i % 2 == 0 ? 15 : 6);
      }
    } finally {
      threads.shutdownNow();
    }
    Counter more = store.load(COUNTERS, counter.id(), Long.MAX_VALUE);
    more.add(7);
    store.save(List.of(more), null);
    assertThat(openShredding().load(COUNTERS, counter.id(), Long.MAX_VALUE).total)
        .isEqualTo(22);
  }

  @Test
  void aForgottenAggregateCannotBeLoadedItsEventsAreTombstonesAndTheAuditStillVerifies() {
    EventStore store = openShredding();
    Counter forgotten = saved(store, 1, 2, 3); // versions 1 to 4, a snapshot at 4
    Counter kept = saved(store, 10);
    List<StoredEvent> before = store.storedEvents(forgotten.id());

    Instant at = store.forget(forgotten.id());

    assertThatThrownBy(() -> store.load(COUNTERS, forgotten.id(), Long.MAX_VALUE))
        .isInstanceOfSatisfying(AggregateForgotten.class, e -> {
          assertThat(e.aggregateId()).isEqualTo(forgotten.id());
          assertThat(e.forgottenAt()).isEqualTo(at);
        })
        .hasMessage("aggregate " + forgotten.id() + " was forgotten at " + at + ": its data key"
            + " was destroyed, so its events and snapshots cannot be decrypted");
    // Not from the snapshot either, nor from the version before it.
    assertThatThrownBy(() -> store.load(COUNTERS, forgotten.id(), 3))
        .isInstanceOf(AggregateForgotten.class);
    assertThatThrownBy(() -> store.events(forgotten.id(), 1, 9, false, 9, COUNTERS))
        .isInstanceOf(AggregateForgotten.class);
    assertThat(store.load(COUNTERS, kept.id(), Long.MAX_VALUE).total).isEqualTo(10);

    List<Notification> log = store.log().select(1, 100);
    assertThat(log).extracting(Notification::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(log.subList(0, 4)).allSatisfy(notification -> {
      assertThat(notification.originatorId()).isEqualTo(forgotten.id());
      assertThat(notification.event()).isEqualTo(new Forgotten(at));
    });
    assertThat(log.get(0).topic()).isEqualTo(Counter_Created_Codec.TOPIC);
    assertThat(log.subList(4, 6))
        .allSatisfy(
            notification -> assertThat(notification.event()).isNotInstanceOf(Forgotten.class));

    // Nothing stored was rewritten; the hashes cover the ciphertext, so they all still verify.
    assertThat(store.storedEvents(forgotten.id()))
        .usingElementComparator((a, b) -> java.util.Arrays.equals(a.state(), b.state()) ? 0 : 1)
        .containsExactlyElementsOf(before);
    Audit audit = store.audit();
    assertThat(audit.aggregates()).isEqualTo(2);
    assertThat(audit.events()).isEqualTo(6);
    assertThat(audit.snapshots()).isEqualTo(2);

    // The forgetting is recorded: the row stays, without its key, with the time.
    assertThat(database.query(
            "SELECT \"wrapped_key\" FROM " + KEYS + " WHERE \"subject_id\" = ?", forgotten.id()))
        .isNull();
    assertThat(database.query(
            "SELECT \"forgotten_us\" FROM " + KEYS + " WHERE \"subject_id\" = ?", forgotten.id()))
        .isEqualTo(EventStore.micros(at));
    // Forgetting again keeps the first time.
    assertThat(store.forget(forgotten.id())).isEqualTo(at);
  }

  @Test
  void theAuditStillNamesATamperedEventOfAForgottenAggregate() {
    EventStore store = openShredding();
    Counter forgotten = saved(store, 1, 2);
    store.forget(forgotten.id());
    byte[] state = store.storedEvents(forgotten.id()).get(1).state();
    state[state.length - 1] ^= 1;
    database.update(
        "UPDATE " + EVENTS + " SET \"state\" = ? WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 2",
        state,
        forgotten.id());

    assertThatThrownBy(store::audit)
        .isExactlyInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + forgotten.id() + " version 2: the stored event does"
            + " not match its hash");
    // The log checks the hash before it gives a tombstone.
    assertThatThrownBy(() -> store.log().select(1, 10))
        .isExactlyInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void aForgottenAggregatesIntegrityTagsAreStillCheckedByTheAudit() {
    String integrityKey = CipherKeys.generate();
    EventStore store = open(
        "CIPHER_KEYS",
        "k1:" + K1,
        "SUBJECT_KEYS",
        "true",
        "SNAPSHOTTING_INTERVAL",
        "2",
        "INTEGRITY_KEY",
        integrityKey);
    Counter forgotten = saved(store, 1, 2, 3); // versions 1 to 4, snapshots at 2 and 4
    saved(store, 10);
    assertThat(store.storedEvents(forgotten.id()))
        .allSatisfy(event -> assertThat(event.state()[0] & 0xf0).isEqualTo(0x80 | 0x40 | 0x20));
    store.forget(forgotten.id());

    // Hashes, chain, snapshots' heads and tags all cover the ciphertext: no key is needed.
    Audit audit = store.audit();
    assertThat(audit.aggregates()).isEqualTo(2);
    assertThat(audit.events()).isEqualTo(6);
    assertThat(audit.snapshots()).isEqualTo(2);
    assertThat(audit.staleSnapshots()).isZero();

    // Altered ciphertext under a recomputed hash: only the tag can tell, and it does.
    StoredEvent last = store.storedEvents(forgotten.id()).get(3);
    byte[] state = last.state().clone();
    state[state.length - 40] ^= 1;
    StoredEvent altered = new StoredEvent(
        last.originatorId(),
        last.originatorVersion(),
        last.topic(),
        last.timestampMicros(),
        state,
        last.previousHash(),
        null,
        0);
    database.update(
        "UPDATE " + EVENTS + " SET \"state\" = ?, \"hash\" = ? WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 4",
        state,
        Hashes.ofEvent(altered),
        forgotten.id());
    assertThatThrownBy(store::audit)
        .isExactlyInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + forgotten.id() + " version 4: the event's integrity"
            + " tag does not match");
  }

  @Test
  void anotherProcessThatHeldTheKeyCannotUseItOnceForgotten() {
    EventStore one = openShredding();
    EventStore other = openShredding();
    Counter counter = saved(one, 1);
    Counter held = other.load(COUNTERS, counter.id(), Long.MAX_VALUE);
    assertThat(other.log().select(1, 10)).hasSize(2);

    one.forget(counter.id());

    assertThatThrownBy(() -> other.load(COUNTERS, counter.id(), Long.MAX_VALUE))
        .isInstanceOf(AggregateForgotten.class);
    assertThat(other.log().select(1, 10))
        .extracting(Notification::event)
        .allSatisfy(event -> assertThat(event).isInstanceOf(Forgotten.class));
    // Nor can it write under the destroyed key: nothing is saved.
    held.add(5);
    assertThatThrownBy(() -> other.save(List.of(held), null))
        .isInstanceOf(AggregateForgotten.class);
    assertThat(other.storedEvents(counter.id())).hasSize(2);
  }

  @Test
  void theAggregateCacheServesNoAggregateWhoseKeyIsGone() {
    String[] cached = {
      "CIPHER_KEYS", "k1:" + K1, "SUBJECT_KEYS", "true", "AGGREGATE_CACHE_SIZE", "10"
    };
    EventStore one = open(cached);
    EventStore other = open(cached);
    Counter here = saved(one, 1, 2);
    Counter there = saved(one, 3);
    // Both are now in the caches: one's from its saves, other's from its loads.
    assertThat(one.load(COUNTERS, here.id(), Long.MAX_VALUE).total).isEqualTo(3);
    assertThat(other.load(COUNTERS, there.id(), Long.MAX_VALUE).total).isEqualTo(3);

    // Forgotten in this process: its cache drops the plaintext state at once.
    one.forget(here.id());
    assertThatThrownBy(() -> one.load(COUNTERS, here.id(), Long.MAX_VALUE))
        .isInstanceOf(AggregateForgotten.class);
    // Forgotten in another process: the key row, read afresh, ends the cached state's use.
    one.forget(there.id());
    assertThatThrownBy(() -> other.load(COUNTERS, there.id(), Long.MAX_VALUE))
        .isInstanceOf(AggregateForgotten.class);
    // An aggregate whose key is there is still served, with the events stored since.
    Counter kept = saved(one, 4);
    assertThat(other.load(COUNTERS, kept.id(), Long.MAX_VALUE).total).isEqualTo(4);
    Counter more = one.load(COUNTERS, kept.id(), Long.MAX_VALUE);
    more.add(5);
    one.save(List.of(more), null);
    assertThat(other.load(COUNTERS, kept.id(), Long.MAX_VALUE).total).isEqualTo(9);
  }

  @Test
  void savesInTheCallersTransactionUseAndRespectSubjectKeys() throws Exception {
    EventStore store = openShredding();
    Counter forgotten = saved(store, 1);
    Counter held = store.load(COUNTERS, forgotten.id(), Long.MAX_VALUE);
    openShredding().forget(forgotten.id()); // by another process: this one held the key
    Counter fresh = Counter.create();
    fresh.add(4);
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(database.url)) {
      connection.setAutoCommit(false);
      dev.recount.internal.JoinedSaves joined = store.join(connection);
      joined.save(List.of(fresh));
      held.add(2);
      assertThatThrownBy(() -> joined.save(List.of(held))).isInstanceOf(AggregateForgotten.class);
      connection.commit();
      joined.committed();
    }

    assertThat(store.load(COUNTERS, fresh.id(), Long.MAX_VALUE).total).isEqualTo(4);
    assertThat(store.storedEvents(fresh.id()))
        .allSatisfy(event -> assertThat(event.state()[0] & 0xf0).isEqualTo(0x80 | 0x20));
    assertThat(store.storedEvents(forgotten.id())).hasSize(2);
  }

  @Test
  void anIdForgottenBeforeItIsSavedGetsNoKey() {
    EventStore store = openShredding();
    UUID id = UUID.randomUUID();
    store.forget(id);

    assertThatThrownBy(() -> store.save(List.of(Counter.create(id)), null))
        .isInstanceOf(AggregateForgotten.class);
    assertThat(store.storedEvents(id)).isEmpty();
    assertThat(store.load(COUNTERS, id, Long.MAX_VALUE)).isNull();
  }

  @Test
  void theApplicationKeyThatWrappedADataKeyIsNeededToReadItsAggregate() {
    Counter counter = saved(openShredding(), 7);
    EventStore rotated = open(
        "CIPHER_KEYS", "k2:" + K2 + ",k1:" + K1, "CIPHER_KEY_ID", "k2", "SUBJECT_KEYS", "true");
    // Rotation wraps new aggregates' keys with k2; the old one stays wrapped by k1.
    Counter newer = saved(rotated, 8);
    assertThat(rotated.load(COUNTERS, counter.id(), Long.MAX_VALUE).total).isEqualTo(7);

    EventStore withoutK1 = open("CIPHER_KEYS", "k2:" + K2, "SUBJECT_KEYS", "true");

    assertThat(withoutK1.load(COUNTERS, newer.id(), Long.MAX_VALUE).total).isEqualTo(8);
    assertThatThrownBy(() -> withoutK1.load(COUNTERS, counter.id(), Long.MAX_VALUE))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> {
          assertThat(e.keyId()).isEqualTo("k1");
          assertThat(e.version()).isEqualTo(2); // the snapshot the load starts from
        })
        .hasMessageContaining("is encrypted with its aggregate's own key, whose wrapped copy in the"
            + " table of subject keys is encrypted with the key 'k1', which is not among the"
            + " configured keys [k2]");
    // Saving to it is refused the same way, before anything is written.
    Counter loaded = rotated.load(COUNTERS, counter.id(), Long.MAX_VALUE);
    loaded.add(1);
    assertThatThrownBy(() -> withoutK1.save(List.of(loaded), null))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> assertThat(e.keyId()).isEqualTo("k1"));
    assertThat(withoutK1.storedEvents(counter.id())).hasSize(2);
  }

  @Test
  void aDataKeyMovedToAnotherAggregateDoesNotUnwrap() {
    EventStore store = openShredding();
    Counter one = saved(store, 1);
    Counter two = saved(store, 2);
    database.update(
        "UPDATE " + KEYS + " SET \"wrapped_key\" = (SELECT \"wrapped_key\" FROM " + KEYS
            + " WHERE \"subject_id\" = ?) WHERE \"subject_id\" = ?",
        one.id(),
        two.id());

    assertThatThrownBy(() -> openShredding().load(COUNTERS, two.id(), Long.MAX_VALUE))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> assertThat(e.keyId()).isEqualTo("k1"))
        .hasMessageContaining("whose wrapped copy in the table of subject keys does not decrypt"
            + " with the configured key 'k1'");
  }

  @Test
  void aDeletedKeyRowIsAKeyProblemNotAForgetting() {
    EventStore store = openShredding();
    Counter counter = saved(store, 1);
    database.update("DELETE FROM " + KEYS);

    assertThatThrownBy(() -> openShredding().load(COUNTERS, counter.id(), Long.MAX_VALUE))
        .isInstanceOf(CipherKeyError.class)
        .hasMessageContaining("the table of subject keys has no key for it (its row was deleted,"
            + " not forgotten)");
  }

  @Test
  void subjectKeysNeedACipherKeyAndForgettingNeedsSubjectKeys() {
    assertThatThrownBy(() -> Settings.parse(Map.of("SUBJECT_KEYS", "true")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("SUBJECT_KEYS: is on, but no cipher key is set");
    EventStore plain = open("CIPHER_KEY", K1);
    assertThatThrownBy(() -> plain.forget(UUID.randomUUID()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("SUBJECT_KEYS: is off");
  }

  @Test
  void aReaderWithoutTheKeyTableIsToldWhy() {
    Counter counter = saved(openShredding(), 1);
    EventStore without = open("CIPHER_KEYS", "k1:" + K1);

    assertThatThrownBy(() -> without.load(COUNTERS, counter.id(), Long.MAX_VALUE))
        .isInstanceOf(CipherKeyError.class)
        .hasMessageContaining("only an application opened with SUBJECT_KEYS=true");
    // A remote log's decoder has no database, so no key table: the same error.
    StoredEvent record = without.storedEvents(counter.id()).get(0);
    assertThatThrownBy(() ->
            EventStore.notificationDecoder(Map.of("CIPHER_KEYS", "k1:" + K1)).apply(record))
        .isInstanceOf(CipherKeyError.class)
        .hasMessageContaining("SUBJECT_KEYS=true");
  }

  @Test
  void recordsFromBeforeSubjectKeysStayReadableAndOnlyTheNewOnesAreForgotten() {
    EventStore before = open("CIPHER_KEYS", "k1:" + K1);
    Counter counter = saved(before, 1);
    EventStore after = openShredding();
    Counter loaded = after.load(COUNTERS, counter.id(), Long.MAX_VALUE);
    loaded.add(2);
    after.save(List.of(loaded), null);

    after.forget(counter.id());

    // Version 3 was encrypted with the aggregate's key, versions 1 and 2 with the application's.
    assertThat(after.load(COUNTERS, counter.id(), 2).total).isEqualTo(1);
    assertThatThrownBy(() -> after.load(COUNTERS, counter.id(), Long.MAX_VALUE))
        .isInstanceOf(AggregateForgotten.class);
    assertThat(after.log().select(1, 10))
        .extracting(notification -> notification.event() instanceof Forgotten)
        .containsExactly(false, false, true);
  }
}
