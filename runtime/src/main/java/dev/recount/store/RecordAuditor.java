package dev.recount.store;

import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Recorder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
 * <p>The whole store is read in two streamed statements (its snapshots, then its events in key
 * order: aggregate, then version) and checked in pages of a thousand events with the snapshots
 * among them: a statement per aggregate made the audit ten times slower than reading the rows, and
 * statements per page several times slower.
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

  /**
   * Every aggregate, reporting the number of events checked so far after every {@link #PAGE}. The
   * snapshots are read first, each one's own hash checked then and what the rest of its check needs
   * kept by its aggregate (about 200 bytes a snapshot; not its state), until the scan of the events
   * in key order reaches that aggregate: two streamed statements, which cost less than pages of
   * events with their snapshots (three statements per page) or the two tables joined.
   */
  EventStore.RecordAudit all(LongConsumer progress) {
    Map<UUID, List<Snapshot>> waiting = new HashMap<>();
    List<StoredEvent> page = new ArrayList<>(PAGE);
    recorder.scanRecords(
        snapshot -> waiting
            .computeIfAbsent(snapshot.originatorId(), id -> new ArrayList<>(1))
            .add(Snapshot.of(snapshot, hashChain)),
        event -> {
          page.add(event);
          if (page.size() == PAGE) {
            checkPage(page, waiting, false);
            progress.accept(events);
          }
        });
    checkPage(page, waiting, true);
    // What waits now is of aggregates with no events, or beyond the last aggregate's last event.
    List<Snapshot> rest = new ArrayList<>();
    waiting.values().forEach(rest::addAll);
    rest.sort(SNAPSHOT_ORDER);
    check(List.of(), rest);
    progress.accept(events);
    return result();
  }

  private static final Comparator<Snapshot> SNAPSHOT_ORDER =
      Comparator.comparing(Snapshot::id).thenComparingLong(Snapshot::version);

  /**
   * Checks a page of events in key order and the snapshots of its aggregates, then empties it. The
   * page's last aggregate may go on in the next page: of its snapshots, those above its last event
   * here wait, unless this is the {@code end}.
   */
  private void checkPage(List<StoredEvent> page, Map<UUID, List<Snapshot>> waiting, boolean end) {
    if (page.isEmpty()) {
      return;
    }
    List<Snapshot> among = new ArrayList<>();
    StoredEvent last = page.get(page.size() - 1);
    UUID previous = null;
    for (StoredEvent event : page) {
      UUID id = event.originatorId();
      if (id.equals(previous)) {
        continue;
      }
      previous = id;
      if (!id.equals(last.originatorId()) || end) {
        List<Snapshot> its = waiting.remove(id);
        if (its != null) {
          among.addAll(its);
        }
      } else {
        List<Snapshot> its = waiting.get(id);
        if (its != null) {
          its.removeIf(snapshot -> {
            if (snapshot.version() <= last.originatorVersion()) {
              among.add(snapshot);
              return true;
            }
            return false;
          });
          if (its.isEmpty()) {
            waiting.remove(id);
          }
        }
      }
    }
    among.sort(SNAPSHOT_ORDER);
    check(page, among);
    page.clear();
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
      List<Snapshot> among = new ArrayList<>();
      while (next < all.size() && all.get(next).originatorVersion() <= to) {
        among.add(Snapshot.of(all.get(next++), hashChain));
      }
      check(page, among);
      afterVersion = to;
    } while (page.size() == PAGE);
    List<Snapshot> rest = new ArrayList<>();
    for (StoredSnapshot snapshot : all.subList(next, all.size())) {
      rest.add(Snapshot.of(snapshot, hashChain));
    }
    check(List.of(), rest);
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
  private void check(List<StoredEvent> page, List<Snapshot> among) {
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
    for (Snapshot snapshot : among) {
      UUID id = snapshot.id();
      DataIntegrityError before = problems.get(id);
      if (before != null && before.version() <= snapshot.version()) {
        continue;
      }
      snapshots++;
      if (snapshot.unencrypted()) {
        unencrypted++;
      }
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
  private void checkSnapshot(Snapshot snapshot, Map<Key, byte[]> hashes) {
    UUID id = snapshot.id();
    long version = snapshot.version();
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
    if (!snapshot.hashStored()) {
      throw new DataIntegrityError(id, version, "the snapshot was stored without a hash");
    }
    if (!snapshot.hashMatches()) {
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

  /**
   * What the check of a snapshot needs, without its state: its own hash is checked when it is read.
   *
   * @param hashStored whether it has a hash
   * @param hashMatches whether that hash is the hash of the record (false if none, or no
   *     HASH_CHAIN)
   */
  private record Snapshot(
      UUID id,
      long version,
      byte[] head,
      boolean hashStored,
      boolean hashMatches,
      boolean unencrypted) {
    static Snapshot of(StoredSnapshot snapshot, boolean hashChain) {
      boolean stored = snapshot.hash() != null;
      return new Snapshot(
          snapshot.originatorId(),
          snapshot.originatorVersion(),
          snapshot.head(),
          stored,
          hashChain && stored && Arrays.equals(snapshot.hash(), Hashes.ofSnapshot(snapshot)),
          !Transcoder.isEncrypted(snapshot.state()));
    }
  }

  private void count(byte[] state) {
    if (!Transcoder.isEncrypted(state)) {
      unencrypted++;
    }
  }
}
