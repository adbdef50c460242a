package dev.recount.store;

import dev.recount.AggregateRoot;
import dev.recount.ConcurrencyError;
import dev.recount.Metadata;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Internal;
import dev.recount.internal.JoinedSaves;
import dev.recount.internal.Mutator;
import dev.recount.internal.PendingEvent;
import dev.recount.internal.RecordConflict;
import dev.recount.log.Notification;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Saves on a connection whose transaction the caller ends. What each aggregate had written in this
 * transaction is remembered (how many of its pending events, and the head after them), so that it
 * can be saved again before the commit, and so that only that is marked saved when the caller says
 * the transaction committed: events triggered after the last save stay pending.
 */
final class JoinedTransaction implements JoinedSaves {
  private final EventStore store;
  private final Connection connection;
  private final Map<AggregateRoot, Written> written = new IdentityHashMap<>();
  private final List<Notification> notifications = new ArrayList<>();

  /** How many of an aggregate's pending events this transaction wrote, and the head after them. */
  private record Written(int count, byte[] head) {}

  JoinedTransaction(EventStore store, Connection connection) {
    this.store = store;
    this.connection = connection;
  }

  @Override
  public List<Notification> save(List<? extends AggregateRoot> aggregates) {
    Internal.Aggregates access = Internal.aggregates();
    Metadata metadata = Metadata.current();
    byte[] metadataJson = MetadataJson.write(metadata);
    Map<AggregateRoot, Written> heads = new IdentityHashMap<>();
    List<StoredEvent> events = new ArrayList<>();
    List<Set<String>> tags = new ArrayList<>();
    boolean tagged = false;
    List<Object> objects = new ArrayList<>();
    List<StoredSnapshot> snapshots = new ArrayList<>();
    // With SUBJECT_KEYS, the aggregates' keys read afresh (a new aggregate's key is stored in a
    // transaction of its own, so a rollback here leaves an unused key, never a missing one).
    List<UUID> ids = new ArrayList<>();
    for (AggregateRoot aggregate : aggregates) {
      ids.add(aggregate.id());
    }
    store.refreshKeys(ids);
    for (AggregateRoot aggregate : aggregates) {
      Written before = written.getOrDefault(aggregate, new Written(0, access.head(aggregate)));
      List<PendingEvent> pending = access.pending(aggregate);
      if (heads.containsKey(aggregate) || pending.size() == before.count()) {
        continue;
      }
      Mutator<AggregateRoot> mutator = access.mutator(aggregate);
      byte[] head = before.head();
      for (PendingEvent event : pending.subList(before.count(), pending.size())) {
        StoredEvent record = store.toRecord(aggregate.id(), mutator, event, head, metadataJson);
        Set<String> eventTags = EventStore.tagsOf(mutator, event, record.topic());
        tagged |= !eventTags.isEmpty();
        tags.add(eventTags);
        events.add(record);
        objects.add(event.event());
        head = record.hash();
      }
      heads.put(aggregate, new Written(pending.size(), head));
      if (store.snapshotDue(mutator, aggregate, pending.size() - before.count())) {
        snapshots.add(store.toSnapshot(aggregate, mutator, head));
      }
    }
    if (events.isEmpty()) {
      return List.of();
    }
    List<StoredEvent> stored;
    try {
      stored =
          store.recorder().insertJoined(connection, events, tagged ? tags : List.of(), snapshots);
    } catch (RecordConflict conflict) {
      store.evict(heads.keySet()); // like a save of its own; the cache is filled only by those
      throw concurrencyError(heads, conflict);
    }
    written.putAll(heads);
    List<Notification> saved = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      StoredEvent record = stored.get(i);
      saved.add(new Notification(
          record.notificationId(),
          record.originatorId(),
          record.originatorVersion(),
          Instant.EPOCH.plus(record.timestampMicros(), ChronoUnit.MICROS),
          record.topic(),
          objects.get(i),
          metadataJson == null ? null : metadata));
    }
    notifications.addAll(saved);
    return saved;
  }

  @Override
  public List<Notification> committed() {
    Internal.Aggregates access = Internal.aggregates();
    for (Map.Entry<AggregateRoot, Written> entry : written.entrySet()) {
      access.pending(entry.getKey()).subList(0, entry.getValue().count()).clear();
      access.setHead(entry.getKey(), entry.getValue().head());
    }
    written.clear();
    return List.copyOf(notifications);
  }

  /** Names the aggregate whose first new version was already taken. */
  private ConcurrencyError concurrencyError(
      Map<AggregateRoot, Written> saving, RecordConflict cause) {
    Internal.Aggregates access = Internal.aggregates();
    AggregateRoot loser = null;
    long version = 0;
    for (AggregateRoot aggregate : saving.keySet()) {
      int from = written.containsKey(aggregate) ? written.get(aggregate).count() : 0;
      long first = access.pending(aggregate).get(from).version();
      if (loser == null) {
        loser = aggregate;
        version = first;
      }
      if (!store.recorder().events(aggregate.id(), first, first, false, 1).isEmpty()) {
        loser = aggregate;
        version = first;
        break;
      }
    }
    ConcurrencyError error = new ConcurrencyError(loser.id(), version);
    error.initCause(cause);
    return error;
  }
}
