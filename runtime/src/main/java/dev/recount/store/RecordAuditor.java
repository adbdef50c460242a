package dev.recount.store;

import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * Checks every stored record as stored, decoding none: what an operator can check with neither the
 * application's classes nor its cipher key. Per aggregate: the versions run 1, 2, 3... without a
 * gap, each event's hash matches the record and chains onto the event before, and each snapshot's
 * hash matches and its head is the hash of the event at its version. Unlike {@link Auditor} it goes
 * on past a problem: each aggregate's first problem is kept (nothing after it in that aggregate can
 * be trusted, so it is neither checked nor counted) and the audit moves to the next aggregate.
 *
 * <p>The store is read in pages of events in key order (aggregate, then version) with the snapshots
 * whose keys fall among each page, a few statements per thousand records however small the
 * aggregates: a statement per aggregate made the audit ten times slower than reading the rows.
 */
final class RecordAuditor {
  /** Events read per statement: a store of millions of events is never held at once. */
  private static final int PAGE = 1000;

  private record Key(UUID id, long version) {}

  private final Recorder recorder;
  private final RecordDecoder decoder;
  private final boolean hashChain;

  private long aggregates;
  private long events;
  private long snapshots;
  private long unencrypted;
  /** Each corrupt aggregate's first problem, in the order found. */
  private final Map<UUID, DataIntegrityError> problems = new LinkedHashMap<>();

  /** The aggregate being read, and where its chain has got to. */
  private UUID current;

  private long expected;
  private byte[] previous;
  /** The last version checked of each aggregate whose snapshots may still come. */
  private final Map<UUID, Long> lastVersions = new HashMap<>();

  RecordAuditor(Recorder recorder, RecordDecoder decoder, boolean hashChain) {
    this.recorder = recorder;
    this.decoder = decoder;
    this.hashChain = hashChain;
  }

  /** Every aggregate, reporting the number of events checked so far after each page. */
  EventStore.RecordAudit all(LongConsumer progress) {
    UUID afterId = null;
    long afterVersion = 0;
    List<StoredEvent> page;
    do {
      page = recorder.eventsInOrder(afterId, afterVersion, PAGE);
      if (page.isEmpty()) {
        break;
      }
      StoredEvent last = page.get(page.size() - 1);
      check(
          page,
          recorder.snapshotsByKey(
              afterId, afterVersion, last.originatorId(), last.originatorVersion()));
      afterId = last.originatorId();
      afterVersion = last.originatorVersion();
      progress.accept(events);
    } while (page.size() == PAGE);
    check(List.of(), recorder.snapshotsByKey(afterId, afterVersion, null, 0));
    return result();
  }

  /** One aggregate; an aggregate with nothing stored counts as none. */
  EventStore.RecordAudit one(UUID id) {
    List<StoredSnapshot> all = recorder.snapshots(id);
    int next = 0;
    long afterVersion = 0;
    List<StoredEvent> page;
    do {
      page = recorder.events(id, afterVersion + 1, Long.MAX_VALUE, false, PAGE);
      if (page.isEmpty()) {
        break;
      }
      long to = page.get(page.size() - 1).originatorVersion();
      List<StoredSnapshot> among = new ArrayList<>();
      while (next < all.size() && all.get(next).originatorVersion() <= to) {
        among.add(all.get(next++));
      }
      check(page, among);
      afterVersion = to;
    } while (page.size() == PAGE);
    check(List.of(), all.subList(next, all.size()));
    return result();
  }

  private EventStore.RecordAudit result() {
    return new EventStore.RecordAudit(
        aggregates, events, snapshots, unencrypted, List.copyOf(problems.values()));
  }

  /**
   * Checks a page of events in key order, then the snapshots whose keys fall among them (or, with
   * no events, after the last page).
   */
  private void check(List<StoredEvent> page, List<StoredSnapshot> among) {
    Map<Key, byte[]> hashes = new HashMap<>();
    // Of the pages before, only the aggregate that the last one ended in can have snapshots in
    // this page's range.
    lastVersions.keySet().removeIf(id -> !id.equals(current));
    for (StoredEvent event : page) {
      UUID id = event.originatorId();
      if (!id.equals(current)) {
        if (current != null) {
          lastVersions.put(current, expected - 1);
        }
        current = id;
        expected = 1;
        previous = null;
        aggregates++;
      }
      if (problems.containsKey(id)) {
        continue;
      }
      events++;
      count(event.state());
      try {
        decoder.checkNext(event, expected, previous);
      } catch (DataIntegrityError problem) {
        problems.put(id, problem);
        continue;
      }
      hashes.put(new Key(id, event.originatorVersion()), event.hash());
      previous = event.hash();
      expected++;
    }
    if (current != null) {
      lastVersions.put(current, expected - 1);
    }
    for (StoredSnapshot snapshot : among) {
      UUID id = snapshot.originatorId();
      DataIntegrityError before = problems.get(id);
      if (before != null && before.version() <= snapshot.originatorVersion()) {
        continue;
      }
      snapshots++;
      count(snapshot.state());
      try {
        checkSnapshot(snapshot, hashes);
      } catch (DataIntegrityError problem) {
        // A snapshot below the events' first problem is the aggregate's first problem.
        problems.remove(id);
        problems.put(id, problem);
      }
    }
  }

  /** Checks a snapshot against its own hash and the hash of the event at its version. */
  private void checkSnapshot(StoredSnapshot snapshot, Map<Key, byte[]> hashes) {
    UUID id = snapshot.originatorId();
    long version = snapshot.originatorVersion();
    Key key = new Key(id, version);
    if (!hashes.containsKey(key)) {
      Long last = lastVersions.get(id);
      throw new DataIntegrityError(
          id,
          version,
          last == null || last == 0
              ? "the snapshot has no event at its version"
              : "the snapshot is beyond the aggregate's last event (version " + last + ")");
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
    if (!Arrays.equals(snapshot.head(), hashes.get(key))) {
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
