package dev.recount.store;

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
 * Checks every stored aggregate from its events alone: each record's hash, integrity tag and place
 * in the chain, the version sequence and (unless only records are audited) the decoding and replay;
 * then every snapshot against its hash, its tag and the event chain at its version, and in a deep
 * audit against the state the events replay to there. Then, given a verifying key, the log against
 * its signed checkpoints. Stops at the first problem, which it names.
 */
final class Auditor {
  private static final int PAGE = 500;

  private final EventStore store;
  private final boolean deep;
  private final boolean decode;
  private final CheckpointAudit checkpoints;

  private long stale;
  private long replayed;

  /**
   * @param deep compare each snapshot's state with the replayed state at its version
   * @param decode decode and replay the events (needs the classes and the cipher key)
   * @param checkpoints the check of signed checkpoints; {@code null} for none
   */
  Auditor(EventStore store, boolean deep, boolean decode, CheckpointAudit checkpoints) {
    this.store = store;
    this.deep = deep;
    this.decode = decode;
    this.checkpoints = checkpoints;
  }

  Audit audit() {
    Recorder recorder = store.recorder();
    long aggregates = 0;
    long events = 0;
    long snapshots = 0;
    UUID after = null;
    List<UUID> ids;
    while (!(ids = recorder.originatorIds(after, PAGE)).isEmpty()) {
      for (UUID id : ids) {
        List<StoredSnapshot> stored = recorder.snapshots(id);
        events += check(id, stored);
        aggregates++;
        snapshots += stored.size();
      }
      after = ids.get(ids.size() - 1);
    }
    CheckpointAudit.Reach reach = checkpoints == null
        ? new CheckpointAudit.Reach(0, 0, recorder.maxNotificationId())
        : checkpoints.run();
    return new Audit(
        aggregates,
        events,
        snapshots,
        stale,
        replayed,
        reach.upTo(),
        reach.events(),
        reach.lastNotificationId());
  }

  /** Checks one aggregate's events and snapshots; returns how many events it has. */
  private long check(UUID id, List<StoredSnapshot> snapshots) {
    List<StoredEvent> events =
        store.recorder().events(id, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE);
    Mutator<AggregateRoot> mutator = decode ? mutator(id, events.get(0)) : null;
    Map<Long, StoredSnapshot> comparable = new HashMap<>();
    for (StoredSnapshot snapshot : snapshots) {
      if (deep && store.usable(snapshot, mutator)) {
        comparable.put(snapshot.originatorVersion(), snapshot);
      }
    }
    Map<Long, byte[]> hashes = new HashMap<>();
    Map<Long, byte[]> replayedStates = new HashMap<>();
    AggregateRoot aggregate = null;
    Internal.Aggregates access = Internal.aggregates();
    if (decode) {
      aggregate = mutator.newInstance();
      access.initialise(aggregate, id, mutator);
    }
    byte[] previous = null;
    long expected = 1;
    for (StoredEvent event : events) {
      store.decoder().checkNext(event, expected, previous);
      if (decode) {
        access.apply(
            aggregate,
            store.decoder().decode(event, mutator),
            Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS));
        if (comparable.containsKey(expected)) {
          replayedStates.put(expected, EventStore.snapshotJson(aggregate, mutator));
        }
      }
      hashes.put(event.originatorVersion(), event.hash());
      previous = event.hash();
      expected++;
    }
    for (StoredSnapshot snapshot : snapshots) {
      checkSnapshot(snapshot, hashes, mutator, replayedStates);
    }
    return events.size();
  }

  private void checkSnapshot(
      StoredSnapshot snapshot,
      Map<Long, byte[]> hashes,
      Mutator<AggregateRoot> mutator,
      Map<Long, byte[]> replayedStates) {
    UUID id = snapshot.originatorId();
    long version = snapshot.originatorVersion();
    // Without hashes there is no chain to check; the snapshot must still stand for a version the
    // events reach.
    boolean atAnEvent = hashes.containsKey(version);
    byte[] eventHash = hashes.get(version);
    if (!atAnEvent
        || store.hashChain() && (eventHash == null || !Arrays.equals(eventHash, snapshot.head()))) {
      throw new DataIntegrityError(
          id, version, "the snapshot does not chain onto the event at its version");
    }
    if (decode && store.usable(snapshot, mutator)) {
      AggregateRoot restored = store.restore(snapshot, mutator); // checks its hash and tag
      byte[] replayedState = replayedStates.get(version);
      if (replayedState != null) {
        if (!JsonTrees.equal(replayedState, EventStore.snapshotJson(restored, mutator))) {
          throw new DataIntegrityError(
              id,
              version,
              "the snapshot's state is not the state the aggregate's events replay to at its"
                  + " version: it was forged (or the aggregate's @Apply methods changed what they"
                  + " do since it was taken)");
        }
        replayed++;
      }
      return;
    }
    if (decode) {
      stale++;
    }
    checkRecord(snapshot);
  }

  /** The hash and tag of a snapshot that is not decoded. */
  private void checkRecord(StoredSnapshot snapshot) {
    if (store.hashChain()
        && (snapshot.hash() == null
            || !Arrays.equals(snapshot.hash(), Hashes.ofSnapshot(snapshot)))) {
      throw new DataIntegrityError(
          snapshot.originatorId(),
          snapshot.originatorVersion(),
          "the stored snapshot does not match its hash: it was altered");
    }
    if (store.decoder().tags() != null) {
      store.decoder().tags().check(snapshot);
    }
  }

  private static Mutator<AggregateRoot> mutator(UUID id, StoredEvent first) {
    Mutator<AggregateRoot> mutator = Topics.owner(first.topic());
    if (mutator == null) {
      throw new DataIntegrityError(
          id,
          1,
          "no aggregate class on the class path has an event with the topic '" + first.topic()
              + "' (an audit of the records only needs no classes)");
    }
    return mutator;
  }
}
