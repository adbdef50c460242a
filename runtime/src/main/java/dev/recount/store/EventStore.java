package dev.recount.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.recount.AggregateRoot;
import dev.recount.Audit;
import dev.recount.ConcurrencyError;
import dev.recount.DataIntegrityError;
import dev.recount.PersistenceError;
import dev.recount.RecordedEvent;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Internal;
import dev.recount.internal.JoinedSaves;
import dev.recount.internal.Mutator;
import dev.recount.internal.PendingEvent;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import dev.recount.internal.StoredDataException;
import dev.recount.internal.Tracking;
import dev.recount.jooq.Recorders;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * Turns aggregates into stored records and back: codec, compression, encryption and the hash chain
 * on the way in; the same checks in reverse, every one of them, on the way out. The recorder below
 * it only moves records.
 *
 * <p>The store pipeline's one entry: {@code Application}, its repositories, process applications
 * and the HTTP log reach the pipeline only through the public methods here. Not API: users never
 * see it.
 */
public final class EventStore implements AutoCloseable {
  private static final JsonFactory JSON = new JsonFactory();

  private final Settings settings;
  private final Recorder recorder;
  private final Transcoder transcoder;
  /** With SUBJECT_KEYS, each aggregate's own key; else null. */
  private final SubjectKeys subjects;

  private final RecordDecoder decoder;
  private final boolean hashChain;
  private final int snapshottingInterval;
  private final NotificationLog log;

  EventStore(Settings settings, Recorder recorder) {
    this.settings = settings;
    this.recorder = recorder;
    this.subjects = settings.subjectKeys()
        ? new SubjectKeys(recorder.subjectKeys(settings.createTables()), settings.keys())
        : null;
    this.transcoder = new Transcoder(
        settings.compression(), settings.keys(), subjects, settings.acceptUnencrypted());
    this.hashChain = settings.hashChain();
    this.decoder = new RecordDecoder(transcoder, hashChain);
    this.snapshottingInterval = settings.snapshottingInterval();
    this.log = new LocalNotificationLog(this);
  }

  /**
   * Parses the settings (by variable name, such as {@code DB_URI}), connects and creates the tables
   * if missing.
   *
   * @throws dev.recount.ConfigurationError naming the setting whose value cannot work
   * @throws dev.recount.PersistenceError if the database cannot be reached
   */
  public static EventStore open(Map<String, String> environment) {
    Settings settings = Settings.parse(environment);
    Recorder recorder = Recorders.open(
        settings.dbUri(),
        settings.dbUser(),
        settings.dbPassword(),
        settings.tablePrefix(),
        settings.createTables(),
        settings.poolSize(),
        settings.readOnly());
    try {
      return new EventStore(settings, recorder);
    } catch (RuntimeException e) {
      recorder.close();
      throw e;
    }
  }

  /**
   * As {@link #open(Map)}, over the application's own data source (its pool and credentials)
   * instead of a pool opened from {@code DB_URI}; closing the store leaves the data source open.
   *
   * @throws dev.recount.ConfigurationError if {@code environment} also names a database or a pool
   *     ({@code DB_URI}, {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE}), or a setting
   *     cannot work
   * @throws dev.recount.PersistenceError if no connection can be had from the data source
   */
  public static EventStore open(Map<String, String> environment, DataSource dataSource) {
    Settings.checkNoConnectionSettings(environment);
    Settings settings = Settings.parse(environment);
    Recorder recorder = Recorders.open(
        dataSource, settings.tablePrefix(), settings.createTables(), settings.readOnly());
    return new EventStore(settings, recorder);
  }

  /** The names of the settings {@link #open} reads, in the order the docs list them. */
  public static List<String> settingNames() {
    return Settings.NAMES;
  }

  /**
   * Checks and decodes records read from elsewhere (a remote log) with the cipher, compression and
   * hash settings of {@code environment}, as this application's log would.
   */
  public static Function<StoredEvent, Notification> notificationDecoder(
      Map<String, String> environment) {
    Settings settings = Settings.parse(environment);
    return new RecordDecoder(
        new Transcoder(settings.compression(), settings.keys(), null, settings.acceptUnencrypted()),
        settings.hashChain())::notification;
  }

  /** Where the database of these settings is, for connections of one's own (LISTEN/NOTIFY). */
  public static Address address(Map<String, String> environment) {
    return Settings.parse(environment).address();
  }

  /**
   * Where a database is and the prefix of its tables.
   *
   * @param url the JDBC URL; {@code null} for a private in-memory H2 database
   */
  public record Address(String url, String user, String password, String tablePrefix) {}

  /** Where this store's database is. */
  public Address address() {
    Address configured = settings.address();
    return new Address(
        recorder.url(), configured.user(), configured.password(), configured.tablePrefix());
  }

  /**
   * A connection of its own, outside the pool's work, for a listener that holds it for long
   * (PostgreSQL's LISTEN and NOTIFY); the caller closes it.
   */
  public Connection openDedicated() throws SQLException {
    return recorder.openDedicated();
  }

  /** Whether records are hashed and chained. */
  public boolean hashChain() {
    return hashChain;
  }

  /** The application's notification log, read from this store. */
  public NotificationLog log() {
    return log;
  }

  Recorder recorder() {
    return recorder;
  }

  RecordDecoder decoder() {
    return decoder;
  }

  /**
   * Saves on {@code connection}, in the transaction the caller has open there and commits or rolls
   * back; the caller tells the returned saves when it committed.
   */
  public JoinedSaves join(Connection connection) {
    return new JoinedTransaction(this, connection);
  }

  /** Releases the connection pool (and drops a private in-memory database). */
  @Override
  public void close() {
    recorder.close();
  }

  // ---- save -----------------------------------------------------------------------------------

  /**
   * Stores the pending events of every aggregate in one transaction, with the snapshots that are
   * due, and marks the aggregates saved only once that committed. With a {@code tracking} record,
   * records in the same transaction that its upstream notification was processed (even if the
   * aggregates have nothing pending).
   *
   * @param tracking {@code null}, or the upstream notification this save is the effect of
   * @return the stored events as notifications, with their ids, in order
   * @throws dev.recount.ConcurrencyError if an aggregate is stale; nothing was written
   * @throws dev.recount.internal.AlreadyTracked if it was processed before; nothing was written
   */
  public List<Notification> save(List<? extends AggregateRoot> aggregates, Tracking tracking) {
    Internal.Aggregates access = Internal.aggregates();
    if (subjects != null) {
      List<UUID> ids = new ArrayList<>();
      for (AggregateRoot aggregate : aggregates) {
        if (!access.pending(aggregate).isEmpty()) {
          ids.add(aggregate.id());
        }
      }
      subjects.refresh(ids);
    }
    Map<AggregateRoot, byte[]> heads = new IdentityHashMap<>();
    List<StoredEvent> events = new ArrayList<>();
    List<Object> objects = new ArrayList<>();
    List<StoredSnapshot> snapshots = new ArrayList<>();
    for (AggregateRoot aggregate : aggregates) {
      List<PendingEvent> pendingEvents = access.pending(aggregate);
      if (heads.containsKey(aggregate) || pendingEvents.isEmpty()) {
        continue;
      }
      byte[] head = access.head(aggregate);
      Mutator<AggregateRoot> mutator = access.mutator(aggregate);
      for (PendingEvent pending : pendingEvents) {
        StoredEvent event = toRecord(aggregate.id(), mutator, pending, head);
        events.add(event);
        objects.add(pending.event());
        head = event.hash();
      }
      heads.put(aggregate, head);
      if (snapshotDue(mutator, aggregate, pendingEvents.size())) {
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
      access.markSaved(saved.getKey(), saved.getValue());
    }
    List<Notification> notifications = new ArrayList<>(stored.size());
    for (int i = 0; i < stored.size(); i++) {
      StoredEvent record = stored.get(i);
      notifications.add(new Notification(
          record.notificationId(),
          record.originatorId(),
          record.originatorVersion(),
          Instant.EPOCH.plus(record.timestampMicros(), ChronoUnit.MICROS),
          record.topic(),
          objects.get(i)));
    }
    return notifications;
  }

  StoredEvent toRecord(
      UUID id, Mutator<AggregateRoot> mutator, PendingEvent pending, byte[] previous) {
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
    if (state.length > settings.maxEventBytes()) {
      // Before anything is written: a database's own limit (MariaDB's max_allowed_packet) would
      // refuse it with a broken connection, or store what every reader then has to carry.
      throw new PersistenceError("the event " + topic + " of aggregate " + id + " at version "
          + pending.version() + " is " + state.length + " bytes stored, more than MAX_EVENT_BYTES ("
          + settings.maxEventBytes() + "); nothing was written");
    }
    StoredEvent record = new StoredEvent(
        id,
        pending.version(),
        topic,
        micros(pending.timestamp()),
        state,
        hashChain ? previous : null,
        null,
        0);
    if (!hashChain) {
      return record;
    }
    return new StoredEvent(
        id,
        pending.version(),
        topic,
        record.timestampMicros(),
        state,
        previous,
        Hashes.ofEvent(record),
        0);
  }

  boolean snapshotDue(Mutator<AggregateRoot> mutator, AggregateRoot aggregate, int pending) {
    int interval =
        mutator.snapshotInterval() != 0 ? mutator.snapshotInterval() : snapshottingInterval;
    if (interval <= 0 || aggregate.isDiscarded()) {
      return false;
    }
    long before = aggregate.version() - pending;
    return before / interval < aggregate.version() / interval;
  }

  StoredSnapshot toSnapshot(AggregateRoot aggregate, Mutator<AggregateRoot> mutator, byte[] head) {
    byte[] json = writeJson(generator -> {
      generator.writeStartObject();
      generator.writeNumberField("createdOn", micros(aggregate.createdOn()));
      generator.writeNumberField("modifiedOn", micros(aggregate.modifiedOn()));
      generator.writeFieldName("state");
      mutator.snapshots().write(aggregate, generator);
      generator.writeEndObject();
    });
    byte[] state =
        transcoder.encode(Transcoder.SNAPSHOT, aggregate.id(), aggregate.version(), json);
    StoredSnapshot snapshot = new StoredSnapshot(
        aggregate.id(),
        aggregate.version(),
        mutator.topic(),
        micros(Instant.now()),
        mutator.snapshots().fingerprint(),
        state,
        hashChain ? head : null,
        null);
    if (!hashChain) {
      return snapshot;
    }
    return new StoredSnapshot(
        snapshot.originatorId(),
        snapshot.originatorVersion(),
        snapshot.topic(),
        snapshot.timestampMicros(),
        snapshot.fingerprint(),
        state,
        head,
        Hashes.ofSnapshot(snapshot));
  }

  ConcurrencyError concurrencyError(Iterable<AggregateRoot> saved, RecordConflict cause) {
    // Name the aggregate that lost: the one whose first new version is already taken.
    for (AggregateRoot aggregate : saved) {
      long first = Internal.aggregates().pending(aggregate).get(0).version();
      if (!recorder.events(aggregate.id(), first, first, false, 1).isEmpty()) {
        ConcurrencyError error = new ConcurrencyError(aggregate.id(), first);
        error.initCause(cause);
        return error;
      }
    }
    AggregateRoot any = saved.iterator().next();
    ConcurrencyError error =
        new ConcurrencyError(any.id(), Internal.aggregates().pending(any).get(0).version());
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
  public <A extends AggregateRoot> A load(Mutator<A> typed, UUID id, long version) {
    @SuppressWarnings("unchecked")
    Mutator<AggregateRoot> mutator = (Mutator<AggregateRoot>) typed;
    AggregateRoot aggregate = null;
    byte[] head = null;
    long next = 1;
    Recorder.Replay replay;
    if (subjects != null) {
      // The aggregate's key row comes with its events, in one statement, read afresh each time.
      replay = recorder.replayWithSubjectKey(id, version);
      subjects.accept(id, replay.subjectKey());
    } else {
      replay = recorder.replay(id, version);
    }
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
      Internal.aggregates().initialise(aggregate, id, mutator);
    }
    Internal.Aggregates access = Internal.aggregates();
    for (StoredEvent event : events) {
      decoder.checkNext(event, next, head);
      access.apply(
          aggregate,
          decoder.decode(event, mutator),
          Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS));
      head = event.hash();
      next++;
    }
    access.setHead(aggregate, head);
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
        throw new DataIntegrityError(
            id, version, "the stored snapshot does not match its hash: it was altered");
      }
    }
    byte[] json =
        decoder.decodeState(Transcoder.SNAPSHOT, id, version, snapshot.state(), "snapshot");
    AggregateRoot aggregate = mutator.newInstance();
    Internal.aggregates().initialise(aggregate, id, mutator);
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
      throw new DataIntegrityError(
          id, version, "the snapshot's state cannot be read: " + e.getMessage(), e);
    }
    Internal.aggregates()
        .restore(
            aggregate,
            version,
            Instant.EPOCH.plus(createdOn, ChronoUnit.MICROS),
            Instant.EPOCH.plus(modifiedOn, ChronoUnit.MICROS));
    return aggregate;
  }

  // ---- reads --------------------------------------------------------------------------------

  /**
   * Events of one aggregate by version: from {@code from} to {@code to}, both inclusive, in either
   * order, at most {@code limit}. Each event's hash is checked, and the chain between consecutive
   * ones.
   *
   * @param mutator the aggregate's mutator; {@code null} to find it by the events' topic
   */
  public List<RecordedEvent> events(
      UUID id,
      long from,
      long to,
      boolean descending,
      int limit,
      Mutator<? extends AggregateRoot> mutator) {
    @SuppressWarnings("unchecked")
    Mutator<AggregateRoot> decoding = (Mutator<AggregateRoot>) mutator;
    List<RecordedEvent> events = new ArrayList<>();
    StoredEvent before = null;
    refreshKeys(List.of(id));
    for (StoredEvent event : recorder.events(id, from, to, descending, limit)) {
      if (before != null) {
        StoredEvent older = descending ? event : before;
        StoredEvent newer = descending ? before : event;
        decoder.checkNext(newer, older.originatorVersion() + 1, older.hash());
      } else if (from == 1 && !descending) {
        decoder.checkNext(event, 1, null);
      } else {
        decoder.checkHash(event, event.previousHash());
      }
      events.add(decoding == null ? decoder.recorded(event) : decoder.recorded(event, decoding));
      before = event;
    }
    return events;
  }

  /**
   * The records of an aggregate's events exactly as stored, oldest first, unchecked: what an
   * auditor or a tamper test sees.
   */
  public List<StoredEvent> storedEvents(UUID id) {
    return recorder.events(id, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE);
  }

  /** The record of an aggregate's event at a version exactly as stored; null if none. */
  public StoredEvent storedEvent(UUID id, long version) {
    List<StoredEvent> events = recorder.events(id, version, version, false, 1);
    return events.isEmpty() ? null : events.get(0);
  }

  /** Whether the aggregate has stored events and its last one is not a discard. */
  public boolean contains(UUID id) {
    List<StoredEvent> last = recorder.events(id, 1, Long.MAX_VALUE, true, 1);
    return !last.isEmpty() && !last.get(0).topic().equals(AggregateRoot.Discarded.TOPIC);
  }

  /** Events in notification order as stored (for the HTTP log, which serves them unchanged). */
  public List<StoredEvent> storedNotifications(long fromId, int limit, Set<String> topics) {
    return recorder.notifications(fromId, limit, topics);
  }

  /** The largest notification id of {@code upstream} that {@code application} has tracked. */
  public long maxTracked(String application, String upstream) {
    return recorder.maxTracked(application, upstream);
  }

  /**
   * Replays every stored aggregate from its events alone and checks every snapshot.
   *
   * @throws DataIntegrityError naming the first aggregate and version that fails
   */
  public Audit audit() {
    return new Auditor(this).audit();
  }

  /**
   * With SUBJECT_KEYS, destroys the aggregate's data key (and records when): its events and
   * snapshots can no longer be decrypted by anyone, and reading them gives
   * {@link dev.recount.AggregateForgotten}, or a {@link dev.recount.log.Forgotten} tombstone in the
   * log.
   *
   * @return when it was forgotten (the first time, if it was before)
   * @throws dev.recount.ConfigurationError if SUBJECT_KEYS is off: there is no key to destroy
   */
  public Instant forget(UUID id) {
    if (subjects == null) {
      throw new dev.recount.ConfigurationError(
          Settings.SUBJECT_KEYS,
          "is off, so the aggregate " + id + " has no key of its own to destroy: forgetting"
              + " needs SUBJECT_KEYS=true from the aggregate's first event on");
    }
    if (settings.readOnly()) {
      throw new dev.recount.ConfigurationError(
          "READ_ONLY", "this application was opened read-only and cannot forget " + id);
    }
    return subjects.forget(id);
  }

  /**
   * With SUBJECT_KEYS, reads the keys of these aggregates afresh, for the records read or written
   * next: a key another process destroyed is never used again.
   */
  void refreshKeys(Collection<UUID> ids) {
    if (subjects != null) {
      subjects.refresh(ids);
    }
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
