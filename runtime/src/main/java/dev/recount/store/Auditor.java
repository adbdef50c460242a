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
 * Checks every stored aggregate from its events alone: each record's hash, integrity tag and place
 * in the chain, the version sequence and (unless only records are audited) the decoding and replay,
 * and that each event's stored tags are the ones it declares (appends of aggregate-less events, of
 * dev.recount.dcb, are checked the same way, without a replay); then every snapshot against its
 * hash, its tag and the event chain at its version, and in a deep audit against the state the
 * events replay to there. Then, given a verifying key, the log against its signed checkpoints.
 * Stops at the first problem, which it names.
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
      Map<Long, Set<String>> declaredTags = new HashMap<>();
      for (StoredEvent event : page) {
        if (current == null || !current.id.equals(event.originatorId())) {
          if (current != null) {
            snapshots += current.finish();
          }
          current = new Aggregate(
              event.originatorId(), event, snapshotVersions.remove(event.originatorId()));
          aggregates++;
        }
        Set<String> declared = current.add(event);
        if (declared != null) {
          declaredTags.put(event.notificationId(), declared);
        }
        events++;
      }
      checkTags(page, declaredTags);
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

  /**
   * That the stored tags of a page's decoded events are the tags they declare, in one statement per
   * page: a condition that misses an event because its tag row was removed would let a decision be
   * made on a wrong picture. Tags are declared by the decoded event, so an audit of the records
   * only does not check them.
   */
  private void checkTags(List<StoredEvent> page, Map<Long, Set<String>> declared) {
    if (declared.isEmpty()) {
      return;
    }
    Map<Long, Set<String>> stored = store.recorder().tags(new ArrayList<>(declared.keySet()));
    for (StoredEvent event : page) {
      Set<String> want = declared.get(event.notificationId());
      if (want == null) {
        continue;
      }
      Set<String> have = stored.getOrDefault(event.notificationId(), Set.of());
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

  /**
   * The check of one aggregate, or of one append of aggregate-less events (which has no mutator, no
   * replay and no snapshots), fed its events in order.
   */
  private final class Aggregate {
    final UUID id;
    private final Mutator<AggregateRoot> mutator;
    /** How the events decode and declare their tags; {@code null} if they are not decoded. */
    private final EventMapping mapping;

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

    Aggregate(UUID id, StoredEvent first, List<Long> snapshotVersions) {
      this.id = id;
      this.snapshotVersions = snapshotVersions == null ? List.of() : snapshotVersions;
      mutator = decode ? Topics.owner(first.topic()) : null;
      DcbEvents appended =
          decode && mutator == null ? DcbEventRegistry.ofTopic(first.topic()) : null;
      if (decode && mutator == null && appended == null) {
        throw new DataIntegrityError(
            id,
            1,
            Topics.unknown(first.topic()) + " (an audit of the records only needs no classes)");
      }
      mapping = mutator != null ? mutator.events() : appended;
      if (mutator != null) {
        aggregate = mutator.newInstance();
        Internal.aggregates().initialise(aggregate, id, mutator);
      } else {
        aggregate = null;
      }
      if (appended != null && !this.snapshotVersions.isEmpty()) {
        throw new DataIntegrityError(
            id,
            this.snapshotVersions.get(0),
            "a snapshot is stored for an append of aggregate-less events, which has none");
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

    /** Checks and applies the next event; returns the tags it declares, or null if not decoded. */
    Set<String> add(StoredEvent event) {
      store.decoder().checkNext(event, expected, previous);
      Set<String> declared = null;
      if (decode) {
        Object decoded = store.decoder().decode(event, mutator);
        declared = decoded instanceof AggregateRoot.Discarded ? Set.of() : mapping.tagsOf(decoded);
        if (aggregate != null) {
          Internal.aggregates()
              .apply(
                  aggregate,
                  decoded,
                  Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS));
          if (comparable.containsKey(expected)) {
            replayedStates.put(expected, EventStore.snapshotJson(aggregate, mutator));
          }
        }
      }
      if (snapshotVersions.contains(expected)) {
        hashes.put(expected, event.hash() == null ? NO_HASH : event.hash());
      }
      previous = event.hash();
      expected++;
      return declared;
    }

    /** Checks the snapshots; returns how many. */
    long finish() {
      for (StoredSnapshot snapshot : snapshots) {
        checkSnapshot(snapshot, hashes, mutator, replayedStates);
      }
      return snapshots.size();
    }
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
    byte[] eventHash = hashes.get(version) == NO_HASH ? null : hashes.get(version);
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
}
