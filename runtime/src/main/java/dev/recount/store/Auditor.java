package dev.recount.store;

import dev.recount.AggregateForgotten;
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
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
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
 *
 * <p>An aggregate that was forgotten (SUBJECT_KEYS) can no longer be decoded by anyone: its records
 * are checked by what needs no key (hashes, chain, heads and tags all cover the ciphertext), and
 * its snapshots are neither restored nor counted as stale.
 */
final class Auditor {
  private final EventStore store;
  private final boolean deep;
  private final boolean decode;
  private final CheckpointAudit checkpoints;

  private long stale;
  private long replayed;
  private long aggregates;
  private long events;
  private long snapshots;
  /** The largest notification id the scan read. */
  private long lastNotificationId;
  /** The aggregate whose events the scan is reading. */
  private Aggregate current;
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
    if (decode) {
      scanDecoding(recorder);
    } else {
      scanRecords(recorder);
    }
    // Without checkpoints, the log's end is the largest id the scan read: asking the database for
    // MAX(notification_id) below the bound readers may see cost H2 a scan of the table's ids
    // (about a tenth of a records-only audit).
    CheckpointAudit.Reach reach = checkpoints == null
        ? new CheckpointAudit.Reach(0, 0, lastNotificationId)
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

  /**
   * Records only: every snapshot first, its record checked and its head kept by key, then every
   * event, each snapshot's head compared with the hash of the event at its version when the scan
   * reaches it. Two streamed statements instead of the join, which on H2 cost a third more than
   * reading the tables apart; the heads kept take about 150 bytes a snapshot, as the keys the
   * decoding scan keeps do.
   */
  private void scanRecords(Recorder recorder) {
    Map<Recorder.SnapshotKey, PendingSnapshot> pending = new HashMap<>();
    recorder.scanRecords(
        snapshot -> {
          DataIntegrityError problem = null;
          try {
            checkRecord(snapshot);
          } catch (DataIntegrityError e) {
            problem = e; // thrown when the scan reaches its version, after its head is checked
          }
          pending.put(
              new Recorder.SnapshotKey(snapshot.originatorId(), snapshot.originatorVersion()),
              new PendingSnapshot(snapshot.head(), problem));
        },
        event -> {
          if (current == null || !current.id.equals(event.originatorId())) {
            current = new Aggregate(event.originatorId(), event);
            aggregates++;
          }
          current.add(event);
          events++;
          lastNotificationId = Math.max(lastNotificationId, event.notificationId());
          if (!pending.isEmpty()) {
            PendingSnapshot snapshot = pending.remove(
                new Recorder.SnapshotKey(event.originatorId(), event.originatorVersion()));
            if (snapshot != null) {
              if (store.hashChain() && !Arrays.equals(event.hash(), snapshot.head)) {
                throw new DataIntegrityError(
                    event.originatorId(),
                    event.originatorVersion(),
                    "the snapshot does not chain onto the event at its version");
              }
              if (snapshot.problem != null) {
                throw snapshot.problem;
              }
              snapshots++;
            }
          }
        });
    if (!pending.isEmpty()) {
      throw orphan(pending.keySet().iterator().next());
    }
  }

  /** A snapshot's head, and what is wrong with its record ({@code null} if nothing). */
  private record PendingSnapshot(byte[] head, DataIntegrityError problem) {}

  private static DataIntegrityError orphan(Recorder.SnapshotKey orphan) {
    return new DataIntegrityError(
        orphan.originatorId(),
        orphan.originatorVersion(),
        "there is a snapshot of the aggregate, but no event at its version: the events were"
            + " deleted");
  }

  /** Decoding: the events with their snapshots joined, each aggregate replayed. */
  private void scanDecoding(Recorder recorder) {
    Set<Recorder.SnapshotKey> unseen = new HashSet<>();
    recorder.scanSnapshotKeys(unseen::add);
    // One streamed scan of the events with their snapshots (and, decoding, their tags) joined,
    // rather than statements per aggregate or per page: an audit reads every row, and those round
    // trips cost more than it. Its one connection is all it needs.
    Recorder.TaggedScan scan = (event, snapshot, stored) -> {
      if (current == null || !current.id.equals(event.originatorId())) {
        current = new Aggregate(event.originatorId(), event);
        aggregates++;
      }
      Set<String> declared = current.add(event);
      if (declared != null) {
        checkTags(event, stored, declared);
      }
      events++;
      lastNotificationId = Math.max(lastNotificationId, event.notificationId());
      if (snapshot != null) {
        current.check(snapshot);
        unseen.remove(new Recorder.SnapshotKey(event.originatorId(), event.originatorVersion()));
        snapshots++;
      }
    };
    if (decode) {
      recorder.scanTaggedEvents(scan);
    } else {
      recorder.scanEvents((event, snapshot) -> scan.accept(event, snapshot, null));
    }
    if (!unseen.isEmpty()) {
      throw orphan(unseen.iterator().next());
    }
  }

  /**
   * The check of one aggregate, or of one append of aggregate-less events (which has no mutator, no
   * replay and no snapshots), fed its events in order and each snapshot at its version.
   */
  private final class Aggregate {
    final UUID id;
    private final Mutator<AggregateRoot> mutator;
    /** How the events decode and declare their tags; {@code null} if they are not decoded. */
    private final EventMapping mapping;

    private final AggregateRoot aggregate;
    private StoredEvent last;
    private long expected = 1;
    /** Whether its key was destroyed: the rest is checked without decoding. */
    private boolean forgotten;

    Aggregate(UUID id, StoredEvent first) {
      this.id = id;
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
      if (decode) {
        // Its key as stored now, not as this process held it: one destroyed by another process
        // must make the aggregate read as forgotten here too. (A statement on another connection
        // than the scan's, with SUBJECT_KEYS only.)
        store.refreshKeys(List.of(id));
      }
      if (mutator != null) {
        aggregate = mutator.newInstance();
        Internal.aggregates().initialise(aggregate, id, mutator);
      } else {
        aggregate = null;
      }
    }

    /** Checks and applies the next event; returns the tags it declares, or null if not decoded. */
    Set<String> add(StoredEvent event) {
      store.decoder().checkNext(event, expected, last == null ? null : last.hash());
      Set<String> declared = null;
      if (decode && !forgotten) {
        try {
          Object decoded = store.decoder().decode(event, mutator);
          store.decoder().metadata(event); // decrypts and reads, as the log would
          declared =
              decoded instanceof AggregateRoot.Discarded ? Set.of() : mapping.tagsOf(decoded);
          if (aggregate != null) {
            Internal.aggregates()
                .apply(
                    aggregate,
                    decoded,
                    Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS));
          }
        } catch (AggregateForgotten e) {
          // Its key is destroyed: the rest can only be checked by hash, which covers ciphertext.
          forgotten = true;
        }
      }
      last = event;
      expected++;
      return declared;
    }

    /** Checks the snapshot at the version of the event just added. */
    void check(StoredSnapshot snapshot) {
      if (forgotten) {
        checkSnapshot(snapshot, last.hash(), null, null);
        return;
      }
      if (decode && aggregate == null) {
        throw new DataIntegrityError(
            id,
            snapshot.originatorVersion(),
            "a snapshot is stored for an append of aggregate-less events, which has none");
      }
      byte[] replayedState = deep && store.usable(snapshot, mutator)
          ? EventStore.snapshotJson(aggregate, mutator)
          : null;
      checkSnapshot(snapshot, last.hash(), mutator, replayedState);
    }
  }

  /**
   * @param mutator the aggregate's, to restore the snapshot with; {@code null} to check only its
   *     record (records only, or a forgotten aggregate)
   */
  private void checkSnapshot(
      StoredSnapshot snapshot,
      byte[] eventHash,
      Mutator<AggregateRoot> mutator,
      byte[] replayedState) {
    UUID id = snapshot.originatorId();
    long version = snapshot.originatorVersion();
    if (store.hashChain() && (eventHash == null || !Arrays.equals(eventHash, snapshot.head()))) {
      throw new DataIntegrityError(
          id, version, "the snapshot does not chain onto the event at its version");
    }
    if (mutator != null && store.usable(snapshot, mutator)) {
      AggregateRoot restored = store.restore(snapshot, mutator); // checks its hash and tag
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

  /**
   * That an event's stored tags are the tags it declares. A condition that misses an event because
   * its tag row was removed would let a decision be made on a wrong picture. Tags are declared by
   * the decoded event, so an audit of the records only does not check them.
   */
  private static void checkTags(StoredEvent event, Set<String> stored, Set<String> declared) {
    if (!stored.equals(Set.copyOf(declared))) {
      throw new DataIntegrityError(
          event.originatorId(),
          event.originatorVersion(),
          "the stored tags " + stored + " of the event at position " + event.notificationId()
              + " are not the tags it declares " + declared
              + ": tag rows were added or removed, so queries would miss or wrongly find it");
    }
  }
}
