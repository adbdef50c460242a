package dev.recount.store;

import dev.recount.AggregateForgotten;
import dev.recount.AggregateRoot;
import dev.recount.Audit;
import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Internal;
import dev.recount.internal.Mutator;
import dev.recount.internal.Recorder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Replays every stored aggregate from its events alone, checking each record's hash, the chains,
 * the version sequence and the decoding; then checks every snapshot against its hash and against
 * the event chain at its version. Stops at the first problem, which it names.
 */
final class Auditor {
  private static final int PAGE = 500;

  private final EventStore store;

  Auditor(EventStore store) {
    this.store = store;
  }

  Audit audit() {
    Recorder recorder = store.recorder();
    long aggregates = 0;
    long events = 0;
    long snapshots = 0;
    long stale = 0;
    UUID after = null;
    List<UUID> ids;
    while (!(ids = recorder.originatorIds(after, PAGE)).isEmpty()) {
      for (UUID id : ids) {
        Map<Long, byte[]> hashes = new HashMap<>();
        store.refreshKeys(List.of(id));
        Mutator<AggregateRoot> mutator = replay(id, hashes);
        aggregates++;
        events += hashes.size();
        for (StoredSnapshot snapshot : recorder.snapshots(id)) {
          // Without hashes there is no chain to check; the snapshot must still stand for a
          // version the events reach.
          boolean atAnEvent = hashes.containsKey(snapshot.originatorVersion());
          byte[] eventHash = hashes.get(snapshot.originatorVersion());
          if (!atAnEvent
              || store.hashChain()
                  && (eventHash == null || !Arrays.equals(eventHash, snapshot.head()))) {
            throw new DataIntegrityError(
                id,
                snapshot.originatorVersion(),
                "the snapshot does not" + " chain onto the event at its version");
          }
          if (mutator == null) {
            checkStaleSnapshotHash(snapshot); // forgotten: its hash covers the ciphertext
          } else if (store.usable(snapshot, mutator)) {
            store.restore(snapshot, mutator);
          } else {
            stale++;
            checkStaleSnapshotHash(snapshot);
          }
          snapshots++;
        }
      }
      after = ids.get(ids.size() - 1);
    }
    return new Audit(aggregates, events, snapshots, stale);
  }

  /**
   * Replays the aggregate, checking every event; its mutator, or null if it was forgotten (then
   * every hash and the chain were checked, and nothing after the forgotten key decoded).
   */
  private Mutator<AggregateRoot> replay(UUID id, Map<Long, byte[]> hashes) {
    List<StoredEvent> events =
        store.recorder().events(id, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE);
    Mutator<AggregateRoot> mutator = Topics.owner(events.get(0).topic());
    if (mutator == null) {
      throw new DataIntegrityError(
          id,
          1,
          "no aggregate class on the class path has an event with" + " the topic '"
              + events.get(0).topic() + "'");
    }
    AggregateRoot aggregate = mutator.newInstance();
    Internal.Aggregates access = Internal.aggregates();
    access.initialise(aggregate, id, mutator);
    byte[] previous = null;
    long expected = 1;
    boolean forgotten = false;
    for (StoredEvent event : events) {
      store.decoder().checkNext(event, expected, previous);
      if (!forgotten) {
        try {
          access.apply(
              aggregate,
              store.decoder().decode(event, mutator),
              Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS));
        } catch (AggregateForgotten e) {
          // Its key is destroyed: the rest can only be checked by hash, which covers ciphertext.
          forgotten = true;
        }
      }
      hashes.put(event.originatorVersion(), event.hash());
      previous = event.hash();
      expected++;
    }
    return forgotten ? null : mutator;
  }

  private void checkStaleSnapshotHash(StoredSnapshot snapshot) {
    if (snapshot.hash() != null && !Arrays.equals(snapshot.hash(), Hashes.ofSnapshot(snapshot))) {
      throw new DataIntegrityError(
          snapshot.originatorId(),
          snapshot.originatorVersion(),
          "the stored snapshot does not match its hash: it was altered");
    }
  }
}
