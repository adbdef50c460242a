package dev.recount.store;

import dev.recount.AggregateRoot;
import dev.recount.Audit;
import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.DcbEventRegistry;
import dev.recount.internal.DcbEvents;
import dev.recount.internal.EventMapping;
import dev.recount.internal.Internal;
import dev.recount.internal.Mutator;
import dev.recount.internal.Recorder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Mutator<AggregateRoot> mutator = replay(id, hashes);
        aggregates++;
        events += hashes.size();
        for (StoredSnapshot snapshot : recorder.snapshots(id)) {
          if (mutator == null) {
            throw new DataIntegrityError(
                id,
                snapshot.originatorVersion(),
                "a snapshot is stored for an append of aggregate-less events, which has none");
          }
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
          if (store.usable(snapshot, mutator)) {
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
   * Replays an aggregate, or checks an append of aggregate-less events (then returns null): each
   * event's hash, the chain, the versions and the decoding; and that the stored tags are the ones
   * the events declare, since a condition that misses an event because its tag row was removed
   * would let a decision be made on a wrong picture.
   */
  private Mutator<AggregateRoot> replay(UUID id, Map<Long, byte[]> hashes) {
    List<StoredEvent> events =
        store.recorder().events(id, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE);
    String firstTopic = events.get(0).topic();
    Mutator<AggregateRoot> mutator = Topics.owner(firstTopic);
    DcbEvents appended = mutator == null ? DcbEventRegistry.ofTopic(firstTopic) : null;
    if (mutator == null && appended == null) {
      throw new DataIntegrityError(
          id,
          1,
          "no aggregate class or DCB event on the class path has an event with the topic '"
              + firstTopic + "'");
    }
    AggregateRoot aggregate = null;
    Internal.Aggregates access = Internal.aggregates();
    if (mutator != null) {
      aggregate = mutator.newInstance();
      access.initialise(aggregate, id, mutator);
    }
    EventMapping mapping = mutator != null ? mutator.events() : appended;
    Map<Long, Set<String>> declared = new HashMap<>();
    byte[] previous = null;
    long expected = 1;
    for (StoredEvent event : events) {
      store.decoder().checkNext(event, expected, previous);
      Object decoded = store.decoder().decode(event, mutator);
      if (aggregate != null) {
        access.apply(
            aggregate, decoded, Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS));
      }
      declared.put(
          event.notificationId(),
          decoded instanceof AggregateRoot.Discarded ? Set.of() : mapping.tagsOf(decoded));
      hashes.put(event.originatorVersion(), event.hash());
      previous = event.hash();
      expected++;
    }
    checkTags(events, declared);
    return mutator;
  }

  private void checkTags(List<StoredEvent> events, Map<Long, Set<String>> declared) {
    Map<Long, Set<String>> stored = store.recorder().tags(new ArrayList<>(declared.keySet()));
    for (StoredEvent event : events) {
      Set<String> want = declared.get(event.notificationId());
      Set<String> have = stored.get(event.notificationId());
      if (!Set.copyOf(have).equals(Set.copyOf(want))) {
        throw new DataIntegrityError(
            event.originatorId(),
            event.originatorVersion(),
            "the stored tags " + have + " of the event at position " + event.notificationId()
                + " are not the tags it declares " + want
                + ": tag rows were added or removed, so queries would miss or wrongly find it");
      }
    }
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
