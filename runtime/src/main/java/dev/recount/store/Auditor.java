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
import java.util.ArrayList;
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
 *
 * <p>An aggregate that was forgotten (SUBJECT_KEYS) can no longer be decoded by anyone: its records
 * are checked by what needs no key (hashes, chain, heads and tags all cover the ciphertext), and
 * its snapshots are neither restored nor counted as stale.
 */
final class Auditor {
  private static final int PAGE = 1000;
  /** Stands for an event stored without a hash (HASH_CHAIN off). */
  private static final byte[] NO_HASH = new byte[0];

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
    Map<UUID, List<Long>> snapshotVersions = snapshotVersions(recorder);
    long aggregates = 0;
    long events = 0;
    long snapshots = 0;
    Aggregate current = null;
    UUID afterId = null;
    long afterVersion = 0;
    List<StoredEvent> page;
    // One scan of the events table in pages, rather than a statement per aggregate: an audit
    // reads every row, and on a server a round trip per aggregate cost more than the reading.
    do {
      page = recorder.eventsInOrder(afterId, afterVersion, PAGE);
      for (StoredEvent event : page) {
        if (current == null || !current.id.equals(event.originatorId())) {
          if (current != null) {
            snapshots += current.finish();
          }
          current = new Aggregate(
              event.originatorId(), event, snapshotVersions.remove(event.originatorId()));
          aggregates++;
        }
        current.add(event);
        events++;
      }
      if (!page.isEmpty()) {
        StoredEvent last = page.get(page.size() - 1);
        afterId = last.originatorId();
        afterVersion = last.originatorVersion();
      }
    } while (page.size() == PAGE);
    if (current != null) {
      snapshots += current.finish();
    }
    if (!snapshotVersions.isEmpty()) {
      Map.Entry<UUID, List<Long>> orphan =
          snapshotVersions.entrySet().iterator().next();
      throw new DataIntegrityError(
          orphan.getKey(),
          orphan.getValue().get(0),
          "there is a snapshot of the aggregate, but none of its events: they were deleted");
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

  /** The versions of every stored snapshot, by aggregate: small, and read without their state. */
  private static Map<UUID, List<Long>> snapshotVersions(Recorder recorder) {
    Map<UUID, List<Long>> versions = new HashMap<>();
    UUID afterId = null;
    long afterVersion = 0;
    List<Recorder.SnapshotKey> page;
    do {
      page = recorder.snapshotKeys(afterId, afterVersion, PAGE);
      for (Recorder.SnapshotKey key : page) {
        versions
            .computeIfAbsent(key.originatorId(), id -> new ArrayList<>())
            .add(key.originatorVersion());
        afterId = key.originatorId();
        afterVersion = key.originatorVersion();
      }
    } while (page.size() == PAGE);
    return versions;
  }

  /** The check of one aggregate, fed its events in order. */
  private final class Aggregate {
    final UUID id;
    private final Mutator<AggregateRoot> mutator;
    private final AggregateRoot aggregate;
    /** The versions that have snapshots; empty if none. */
    private final List<Long> snapshotVersions;
    /** The event hashes at the snapshots' versions. */
    private final Map<Long, byte[]> hashes = new HashMap<>();

    private final Map<Long, byte[]> replayedStates = new HashMap<>();
    /** The snapshots a deep audit compares, by version. */
    private final Map<Long, StoredSnapshot> comparable = new HashMap<>();

    private List<StoredSnapshot> snapshots = List.of();
    private byte[] previous;
    private long expected = 1;
    /** Whether its key was destroyed: the rest is checked without decoding. */
    private boolean forgotten;

    Aggregate(UUID id, StoredEvent first, List<Long> snapshotVersions) {
      this.id = id;
      this.snapshotVersions = snapshotVersions == null ? List.of() : snapshotVersions;
      mutator = decode ? mutator(id, first) : null;
      if (decode) {
        // Its key as stored now, not as this process held it: one destroyed by another process
        // must make the aggregate read as forgotten here too.
        store.refreshKeys(List.of(id));
        aggregate = mutator.newInstance();
        Internal.aggregates().initialise(aggregate, id, mutator);
      } else {
        aggregate = null;
      }
      if (!this.snapshotVersions.isEmpty()) {
        // Only those listed before the scan began: a snapshot saved since may be of events the
        // scan has passed.
        snapshots = store.recorder().snapshots(id).stream()
            .filter(snapshot -> this.snapshotVersions.contains(snapshot.originatorVersion()))
            .toList();
        for (StoredSnapshot snapshot : snapshots) {
          if (deep && store.usable(snapshot, mutator)) {
            comparable.put(snapshot.originatorVersion(), snapshot);
          }
        }
      }
    }

    void add(StoredEvent event) {
      store.decoder().checkNext(event, expected, previous);
      if (decode && !forgotten) {
        try {
          Internal.aggregates()
              .apply(
                  aggregate,
                  store.decoder().decode(event, mutator),
                  Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS));
          if (comparable.containsKey(expected)) {
            replayedStates.put(expected, EventStore.snapshotJson(aggregate, mutator));
          }
        } catch (AggregateForgotten e) {
          // Its key is destroyed: the rest can only be checked by hash, which covers ciphertext.
          forgotten = true;
        }
      }
      if (snapshotVersions.contains(expected)) {
        hashes.put(expected, event.hash() == null ? NO_HASH : event.hash());
      }
      previous = event.hash();
      expected++;
    }

    /** Checks the snapshots; returns how many. */
    long finish() {
      for (StoredSnapshot snapshot : snapshots) {
        checkSnapshot(snapshot, hashes, forgotten ? null : mutator, replayedStates);
      }
      return snapshots.size();
    }
  }

  /**
   * @param mutator the aggregate's, to restore the snapshot with; {@code null} to check only its
   *     record (records only, or a forgotten aggregate)
   */
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
    byte[] eventHash = hashes.get(version) == NO_HASH ? null : hashes.get(version);
    if (!atAnEvent
        || store.hashChain() && (eventHash == null || !Arrays.equals(eventHash, snapshot.head()))) {
      throw new DataIntegrityError(
          id, version, "the snapshot does not chain onto the event at its version");
    }
    if (mutator != null && store.usable(snapshot, mutator)) {
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
    if (mutator != null) {
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
          Topics.unknown(first.topic()) + " (an audit of the records only needs no classes)");
    }
    return mutator;
  }
}
