package dev.recount.store;

import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Recorder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Checks every stored record as stored, decoding none: what an operator can check with neither the
 * application's classes nor its cipher key. Per aggregate: the versions run 1, 2, 3... without a
 * gap, each event's hash matches the record and chains onto the event before, and each snapshot's
 * hash matches and its head is the hash of the event at its version. Unlike {@link Auditor} it goes
 * on past a problem: each aggregate's first problem is kept (nothing after it in that aggregate can
 * be trusted) and the audit moves to the next aggregate.
 */
final class RecordAuditor {
  private static final int IDS_PAGE = 500;
  /** Events read per statement: an aggregate of millions of events is never held at once. */
  private static final int EVENTS_PAGE = 1000;

  private final Recorder recorder;
  private final RecordDecoder decoder;
  private final boolean hashChain;

  private long aggregates;
  private long events;
  private long snapshots;
  private long unencrypted;
  private final List<DataIntegrityError> problems = new ArrayList<>();

  RecordAuditor(Recorder recorder, RecordDecoder decoder, boolean hashChain) {
    this.recorder = recorder;
    this.decoder = decoder;
    this.hashChain = hashChain;
  }

  /** Every aggregate, reporting the number of events checked so far after each one. */
  EventStore.RecordAudit all(LongConsumer progress) {
    UUID after = null;
    List<UUID> ids;
    while (!(ids = recorder.originatorIds(after, IDS_PAGE)).isEmpty()) {
      for (UUID id : ids) {
        aggregate(id);
        progress.accept(events);
      }
      after = ids.get(ids.size() - 1);
    }
    return result();
  }

  /** One aggregate; an aggregate with nothing stored counts as none. */
  EventStore.RecordAudit one(UUID id) {
    aggregate(id);
    return result();
  }

  private EventStore.RecordAudit result() {
    return new EventStore.RecordAudit(aggregates, events, snapshots, unencrypted, problems);
  }

  private void aggregate(UUID id) {
    Deque<StoredSnapshot> pending = new ArrayDeque<>(recorder.snapshots(id));
    long expected = 1;
    byte[] previous = null;
    boolean any = false;
    try {
      List<StoredEvent> page;
      do {
        page = recorder.events(id, expected, Long.MAX_VALUE, false, EVENTS_PAGE);
        for (StoredEvent event : page) {
          any = true;
          events++;
          count(event.state());
          decoder.checkNext(event, expected, previous);
          while (!pending.isEmpty() && pending.peekFirst().originatorVersion() <= expected) {
            snapshot(pending.removeFirst(), event);
          }
          previous = event.hash();
          expected++;
        }
      } while (page.size() == EVENTS_PAGE);
      if (!pending.isEmpty()) {
        StoredSnapshot beyond = pending.removeFirst();
        snapshots++;
        throw new DataIntegrityError(
            id,
            beyond.originatorVersion(),
            "the snapshot is beyond the aggregate's last event (version " + (expected - 1) + ")");
      }
    } catch (DataIntegrityError problem) {
      problems.add(problem);
    }
    if (any) {
      aggregates++;
    }
  }

  /** Checks a snapshot against its own hash and the event at its version. */
  private void snapshot(StoredSnapshot snapshot, StoredEvent event) {
    snapshots++;
    count(snapshot.state());
    UUID id = snapshot.originatorId();
    long version = snapshot.originatorVersion();
    if (version != event.originatorVersion()) {
      // Versions start at 1 and have no gaps (checked before), so only a version below 1 gets here.
      throw new DataIntegrityError(id, version, "the snapshot has no event at its version");
    }
    if (!hashChain) {
      return;
    }
    if (snapshot.hash() == null) {
      throw new DataIntegrityError(id, version, "the snapshot was stored without a hash");
    }
    if (!Arrays.equals(snapshot.hash(), Hashes.ofSnapshot(snapshot))) {
      throw new DataIntegrityError(
          id,
          version,
          "the stored snapshot does not match its hash: its state, topic, timestamp,"
              + " fingerprint or version was altered");
    }
    if (!Arrays.equals(snapshot.head(), event.hash())) {
      throw new DataIntegrityError(
          id, version, "the snapshot does not chain onto the hash of the event at its version");
    }
  }

  private void count(byte[] state) {
    if (!Transcoder.isEncrypted(state)) {
      unencrypted++;
    }
  }
}
