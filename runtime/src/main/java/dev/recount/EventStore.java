package dev.recount;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.recount.AggregateRoot.PendingEvent;
import dev.recount.internal.Mutator;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import dev.recount.internal.Tracking;
import dev.recount.internal.StoredDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Turns aggregates into stored records and back: codec, compression, encryption and the hash
 * chain on the way in; the same checks in reverse, every one of them, on the way out. The
 * recorder below it only moves records.
 */
final class EventStore {
  private static final JsonFactory JSON = new JsonFactory();

  private final Recorder recorder;
  private final Transcoder transcoder;
  private final RecordDecoder decoder;
  private final boolean hashChain;
  private final int snapshottingInterval;

  EventStore(Recorder recorder, Transcoder transcoder, boolean hashChain,
      int snapshottingInterval) {
    this.recorder = recorder;
    this.transcoder = transcoder;
    this.decoder = new RecordDecoder(transcoder, hashChain);
    this.hashChain = hashChain;
    this.snapshottingInterval = snapshottingInterval;
  }

  Recorder recorder() {
    return recorder;
  }

  RecordDecoder decoder() {
    return decoder;
  }

  // ---- save -----------------------------------------------------------------------------------

  /**
   * Stores the pending events of every aggregate in one transaction, with the snapshots that are
   * due, and marks the aggregates saved only once that committed.
   *
   * @return the stored events as notifications, with their ids, in order
   */
  List<Notification> save(List<? extends AggregateRoot> aggregates) {
    return save(aggregates, null);
  }

  /**
   * Saves like {@link #save(List)}, recording in the same transaction that {@code tracking}'s
   * upstream notification was processed (even if the aggregates have nothing pending).
   *
   * @throws dev.recount.internal.AlreadyTracked if it was processed before; nothing was written
   */
  List<Notification> save(List<? extends AggregateRoot> aggregates, Tracking tracking) {
    Map<AggregateRoot, byte[]> heads = new IdentityHashMap<>();
    List<StoredEvent> events = new ArrayList<>();
    List<Object> objects = new ArrayList<>();
    List<StoredSnapshot> snapshots = new ArrayList<>();
    for (AggregateRoot aggregate : aggregates) {
      if (heads.containsKey(aggregate) || aggregate.pending().isEmpty()) {
        continue;
      }
      byte[] head = aggregate.headBytes();
      Mutator<AggregateRoot> mutator = aggregate.mutator();
      for (PendingEvent pending : aggregate.pending()) {
        StoredEvent event = toRecord(aggregate.id(), mutator, pending, head);
        events.add(event);
        objects.add(pending.event());
        head = event.hash();
      }
      heads.put(aggregate, head);
      if (snapshotDue(mutator, aggregate)) {
        snapshots.add(toSnapshot(aggregate, mutator, head));
      }
    }
    if (events.isEmpty() && tracking == null) {
      return List.of();
    }
    List<StoredEvent> stored;
    try {
      stored = recorder.insert(events, snapshots, tracking);
    } catch (RecordConflict conflict) {
      throw concurrencyError(heads.keySet(), conflict);
    }
    for (Map.Entry<AggregateRoot, byte[]> saved : heads.entrySet()) {
      saved.getKey().markSaved(saved.getValue());
    }
    List<Notification> notifications = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      StoredEvent record = stored.get(i);
      notifications.add(new Notification(record.notificationId(), record.originatorId(),
          record.originatorVersion(), Instant.EPOCH.plus(record.timestampMicros(),
              ChronoUnit.MICROS), record.topic(), objects.get(i)));
    }
    return notifications;
  }

  private StoredEvent toRecord(UUID id, Mutator<AggregateRoot> mutator, PendingEvent pending,
      byte[] previous) {
    String topic;
    byte[] json;
    if (pending.event() instanceof AggregateRoot.Discarded) {
      topic = AggregateRoot.Discarded.TOPIC;
      json = new byte[] {'{', '}'};
    } else {
      topic = mutator.events().topicOf(pending.event());
      json = writeJson(generator -> mutator.events().write(pending.event(), generator));
    }
    byte[] state = transcoder.encode(Transcoder.EVENT, id, pending.version(), json);
    StoredEvent record = new StoredEvent(id, pending.version(), topic,
        micros(pending.timestamp()), state, hashChain ? previous : null, null, 0);
    if (!hashChain) {
      return record;
    }
    return new StoredEvent(id, pending.version(), topic, record.timestampMicros(), state,
        previous, Hashes.ofEvent(record), 0);
  }

  private boolean snapshotDue(Mutator<AggregateRoot> mutator, AggregateRoot aggregate) {
    int interval = mutator.snapshotInterval() != 0 ? mutator.snapshotInterval()
        : snapshottingInterval;
    if (interval <= 0 || aggregate.isDiscarded()) {
      return false;
    }
    long before = aggregate.version() - aggregate.pending().size();
    return before / interval < aggregate.version() / interval;
  }

  private StoredSnapshot toSnapshot(AggregateRoot aggregate, Mutator<AggregateRoot> mutator,
      byte[] head) {
    byte[] json = writeJson(generator -> {
      generator.writeStartObject();
      generator.writeNumberField("createdOn", micros(aggregate.createdOn()));
      generator.writeNumberField("modifiedOn", micros(aggregate.modifiedOn()));
      generator.writeFieldName("state");
      mutator.snapshots().write(aggregate, generator);
      generator.writeEndObject();
    });
    byte[] state = transcoder.encode(Transcoder.SNAPSHOT, aggregate.id(), aggregate.version(),
        json);
    StoredSnapshot snapshot = new StoredSnapshot(aggregate.id(), aggregate.version(),
        mutator.topic(), micros(Instant.now()), mutator.snapshots().fingerprint(), state,
        hashChain ? head : null, null);
    if (!hashChain) {
      return snapshot;
    }
    return new StoredSnapshot(snapshot.originatorId(), snapshot.originatorVersion(),
        snapshot.topic(), snapshot.timestampMicros(), snapshot.fingerprint(), state, head,
        Hashes.ofSnapshot(snapshot));
  }

  private ConcurrencyError concurrencyError(Iterable<AggregateRoot> saved, RecordConflict cause) {
    // Name the aggregate that lost: the one whose first new version is already taken.
    for (AggregateRoot aggregate : saved) {
      long first = aggregate.pending().get(0).version();
      if (!recorder.events(aggregate.id(), first, first, false, 1).isEmpty()) {
        ConcurrencyError error = new ConcurrencyError(aggregate.id(), first);
        error.initCause(cause);
        return error;
      }
    }
    AggregateRoot any = saved.iterator().next();
    ConcurrencyError error = new ConcurrencyError(any.id(), any.pending().get(0).version());
    error.initCause(cause);
    return error;
  }

  // ---- load -----------------------------------------------------------------------------------

  /**
   * Replays the aggregate up to {@code version} from its newest usable snapshot and the events
   * after it, checking every hash and the chain.
   *
   * @return {@code null} if nothing is stored for {@code id}
   */
  <A extends AggregateRoot> A load(Mutator<A> typed, UUID id, long version) {
    @SuppressWarnings("unchecked")
    Mutator<AggregateRoot> mutator = (Mutator<AggregateRoot>) typed;
    AggregateRoot aggregate = null;
    byte[] head = null;
    long next = 1;
    Recorder.Replay replay = recorder.replay(id, version);
    StoredSnapshot snapshot = replay.snapshot();
    List<StoredEvent> events = replay.events();
    if (snapshot != null && usable(snapshot, mutator)) {
      aggregate = restore(snapshot, mutator);
      head = snapshot.head();
      next = snapshot.originatorVersion() + 1;
    } else if (snapshot != null) {
      events = recorder.events(id, 1, version, false, Integer.MAX_VALUE);
    }
    if (aggregate == null) {
      if (events.isEmpty()) {
        return null;
      }
      aggregate = mutator.newInstance();
      aggregate.initialise(id, mutator);
    }
    for (StoredEvent event : events) {
      decoder.checkNext(event, next, head);
      aggregate.apply(decoder.decode(event, mutator), Instant.EPOCH.plus(event.timestampMicros(),
          ChronoUnit.MICROS));
      head = event.hash();
      next++;
    }
    aggregate.setHead(head);
    return typed.aggregateClass().cast(aggregate);
  }

  boolean usable(StoredSnapshot snapshot, Mutator<AggregateRoot> mutator) {
    // Another shape of the class wrote it, one it cannot upcast: replay the events instead.
    return snapshot.topic().equals(mutator.topic())
        && mutator.snapshots().reads(snapshot.fingerprint());
  }

  AggregateRoot restore(StoredSnapshot snapshot, Mutator<AggregateRoot> mutator) {
    UUID id = snapshot.originatorId();
    long version = snapshot.originatorVersion();
    if (hashChain) {
      if (snapshot.hash() == null) {
        throw new DataIntegrityError(id, version, "the snapshot has no hash");
      }
      if (!Arrays.equals(snapshot.hash(), Hashes.ofSnapshot(snapshot))) {
        throw new DataIntegrityError(id, version,
            "the stored snapshot does not match its hash: it was altered");
      }
    }
    byte[] json = decoder.decodeState(Transcoder.SNAPSHOT, id, version, snapshot.state(),
        "snapshot");
    AggregateRoot aggregate = mutator.newInstance();
    aggregate.initialise(id, mutator);
    long createdOn = 0;
    long modifiedOn = 0;
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      dev.recount.internal.JsonValues.expectStartObject(parser, "snapshot");
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "createdOn":
            createdOn = parser.getLongValue();
            break;
          case "modifiedOn":
            modifiedOn = parser.getLongValue();
            break;
          case "state":
            mutator.snapshots().read(aggregate, snapshot.fingerprint(), parser);
            break;
          default:
            parser.skipChildren();
        }
      }
    } catch (IOException | StoredDataException e) {
      throw new DataIntegrityError(id, version, "the snapshot's state cannot be read: "
          + e.getMessage(), e);
    }
    aggregate.restoreMetadata(version, Instant.EPOCH.plus(createdOn, ChronoUnit.MICROS),
        Instant.EPOCH.plus(modifiedOn, ChronoUnit.MICROS));
    return aggregate;
  }

  // ---- helpers --------------------------------------------------------------------------------

  private interface JsonWriting {
    void write(JsonGenerator generator) throws IOException;
  }

  private static byte[] writeJson(JsonWriting writing) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    try (JsonGenerator generator = JSON.createGenerator(bytes)) {
      writing.write(generator);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return bytes.toByteArray();
  }

  static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }
}
