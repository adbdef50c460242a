package dev.recount.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.recount.AggregateRoot;
import dev.recount.Audit;
import dev.recount.Checkpoint;
import dev.recount.ConcurrencyError;
import dev.recount.DataIntegrityError;
import dev.recount.LogIntegrityError;
import dev.recount.Metadata;
import dev.recount.PersistenceError;
import dev.recount.RecordedEvent;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.dcb.AppendCondition;
import dev.recount.dcb.DcbStore;
import dev.recount.dcb.Query;
import dev.recount.dcb.ReadResult;
import dev.recount.dcb.SequencedEvent;
import dev.recount.internal.DcbEventRegistry;
import dev.recount.internal.DcbEvents;
import dev.recount.internal.Internal;
import dev.recount.internal.JoinedSaves;
import dev.recount.internal.Mutator;
import dev.recount.internal.PendingEvent;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import dev.recount.internal.StoredCheckpoint;
import dev.recount.internal.StoredDataException;
import dev.recount.internal.Tracking;
import dev.recount.jooq.Recorders;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.store");
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
  /** Tags every record under INTEGRITY_KEY; {@code null} without one. */
  private final RecordTags tags;
  /** Signs checkpoints of the log with SIGNING_KEY; {@code null} without one, or read-only. */
  private final Checkpointer checkpointer;

  private final AggregateCache cache;

  /** Snapshot intervals set at run time, by aggregate topic: they win over the annotation's. */
  private final Map<String, Integer> intervals = new ConcurrentHashMap<>();

  EventStore(Settings settings, Recorder recorder) {
    this.settings = settings;
    this.recorder = recorder;
    this.subjects = settings.subjectKeys()
        ? new SubjectKeys(recorder.subjectKeys(settings.createTables()), settings.keys())
        : null;
    this.transcoder = transcoder(settings, subjects);
    this.hashChain = settings.hashChain();
    this.tags = settings.integrity().tags();
    this.decoder = new RecordDecoder(transcoder, hashChain, tags);
    this.snapshottingInterval = settings.snapshottingInterval();
    this.log = new LocalNotificationLog(this);
    this.cache = new AggregateCache(settings.aggregateCacheSize());
    IntegritySettings integrity = settings.integrity();
    this.checkpointer = integrity.signingKey() == null || settings.readOnly()
        ? null
        : new Checkpointer(
            recorder,
            settings.tablePrefix(),
            integrity.signingKey(),
            integrity.verifyingKey(),
            integrity.checkpointInterval());
  }

  private static Transcoder transcoder(Settings settings, SubjectKeys subjects) {
    return new Transcoder(
        settings.compression(),
        settings.keys(),
        subjects,
        settings.acceptUnencrypted(),
        settings.integrity().tags() != null);
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
    logSettings(settings);
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
    logSettings(settings);
    return new EventStore(settings, recorder);
  }

  /** What an operator needs to know of the pipeline; the key itself is never logged. */
  private static void logSettings(Settings settings) {
    LOG.info(
        "store {}*: encryption {}, compression {}, hash chain {}, snapshots {}, largest event"
            + " {} bytes{}",
        settings.tablePrefix(),
        encryption(settings),
        settings.compression().name().toLowerCase(Locale.ROOT),
        settings.hashChain() ? "on" : "off",
        settings.snapshottingInterval() > 0
            ? "every " + settings.snapshottingInterval() + " events"
            : "off",
        settings.maxEventBytes(),
        settings.readOnly() ? ", read-only" : "");
  }

  /** The encryption as the start-up line tells it: which key seals, never the key itself. */
  private static String encryption(Settings settings) {
    Keyring keys = settings.keys();
    if (!keys.encrypts()) {
      return "off";
    }
    return "on (AES-GCM"
        + (keys.currentId() == null ? "" : ", key '" + keys.currentId() + "'")
        + (settings.subjectKeys() ? ", a data key of its own for each aggregate" : "")
        + (settings.acceptUnencrypted() ? "; records stored without encryption are accepted" : "")
        + ")";
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
            transcoder(settings, null),
            settings.hashChain(),
            settings.integrity().tags())::notification;
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
    if (checkpointer != null) {
      checkpointer.close();
    }
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
    Metadata metadata = Metadata.current();
    byte[] metadataJson = MetadataJson.write(metadata);
    Map<AggregateRoot, byte[]> heads = new IdentityHashMap<>();
    List<StoredEvent> events = new ArrayList<>();
    List<Set<String>> tags = new ArrayList<>();
    boolean tagged = false;
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
        StoredEvent event = toRecord(aggregate.id(), mutator, pending, head, metadataJson);
        Set<String> eventTags = tagsOf(mutator, pending, event.topic());
        tagged |= !eventTags.isEmpty();
        tags.add(eventTags);
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
      stored = recorder.insert(events, tagged ? tags : List.of(), snapshots, tracking);
    } catch (RecordConflict conflict) {
      evict(heads.keySet());
      throw concurrencyError(heads.keySet(), conflict);
    } catch (RuntimeException e) {
      evict(heads.keySet()); // whether it committed may be unknown: load it again next time
      throw e;
    }
    for (Map.Entry<AggregateRoot, byte[]> saved : heads.entrySet()) {
      access.markSaved(saved.getKey(), saved.getValue());
      remember(saved.getKey(), access.mutator(saved.getKey()));
    }
    if (checkpointer != null && !stored.isEmpty()) {
      checkpointer.prompt();
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
          objects.get(i),
          metadataJson == null ? null : metadata));
    }
    return notifications;
  }

  /**
   * The record of a pending event, hashed onto {@code previous}.
   *
   * @param metadataJson the JSON of the save's metadata ({@link MetadataJson}); {@code null} for
   *     none
   */
  StoredEvent toRecord(
      UUID id,
      Mutator<AggregateRoot> mutator,
      PendingEvent pending,
      byte[] previous,
      byte[] metadataJson) {
    String topic;
    byte[] json;
    if (pending.event() instanceof AggregateRoot.Discarded) {
      topic = AggregateRoot.Discarded.TOPIC;
      json = new byte[] {'{', '}'};
    } else {
      topic = mutator.events().topicOf(pending.event());
      json = writeJson(generator -> mutator.events().write(pending.event(), generator));
    }
    return encodeEvent(
        id,
        pending.version(),
        topic,
        micros(pending.timestamp()),
        json,
        metadataJson,
        previous,
        false);
  }

  /**
   * The one encoder of event records, for an aggregate's events and a DCB append's alike: encoded
   * (compression, encryption), checked against MAX_EVENT_BYTES, sealed with the INTEGRITY_KEY's tag
   * and hashed onto {@code previous}.
   *
   * @param metadataJson the JSON of the metadata its record carries; {@code null} for none
   * @param appended whether the event is one of a DCB append (whose "aggregate" is the append)
   */
  private StoredEvent encodeEvent(
      UUID id,
      long version,
      String topic,
      long timestampMicros,
      byte[] json,
      byte[] metadataJson,
      byte[] previous,
      boolean appended) {
    byte[] state = transcoder.encode(Transcoder.EVENT, id, version, json);
    if (state.length > settings.maxEventBytes()) {
      // Before anything is written: a database's own limit (MariaDB's max_allowed_packet) would
      // refuse it with a broken connection, or store what every reader then has to carry.
      throw new PersistenceError("the event " + topic
          + (appended
              ? " (number " + version + " of the append)"
              : " of aggregate " + id + " at version " + version)
          + " is " + state.length + " bytes stored, more than MAX_EVENT_BYTES ("
          + settings.maxEventBytes() + "); nothing was written");
    }
    byte[] metadata =
        metadataJson == null ? null : transcoder.encodeMetadata(id, version, metadataJson);
    StoredEvent record = new StoredEvent(
        id, version, topic, timestampMicros, state, hashChain ? previous : null, null, 0, metadata);
    if (tags != null) {
      tags.seal(record); // into the state's last bytes, so the hash below covers the tag
    }
    if (!hashChain) {
      return record;
    }
    return new StoredEvent(
        id, version, topic, timestampMicros, state, previous, Hashes.ofEvent(record), 0, metadata);
  }

  boolean snapshotDue(Mutator<AggregateRoot> mutator, AggregateRoot aggregate, int pending) {
    int interval = snapshotInterval(mutator);
    if (interval <= 0 || aggregate.isDiscarded()) {
      return false;
    }
    long before = aggregate.version() - pending;
    return before / interval < aggregate.version() / interval;
  }

  /**
   * The snapshot interval of an aggregate class: set at run time, else its
   * {@code @Aggregate(snapshotInterval)}, else the application's; 0 or less for none.
   */
  public int snapshotInterval(Mutator<? extends AggregateRoot> mutator) {
    Integer set = intervals.get(mutator.topic());
    if (set != null) {
      return set;
    }
    return mutator.snapshotInterval() != 0 ? mutator.snapshotInterval() : snapshottingInterval;
  }

  /**
   * Sets the snapshot interval of an aggregate class in this application, over its annotation's.
   *
   * @param events a snapshot every that many events; 0 for none
   * @throws IllegalArgumentException if {@code events} is negative
   * @throws IllegalStateException if the class cannot be snapshotted
   */
  public void setSnapshotInterval(Mutator<? extends AggregateRoot> mutator, int events) {
    if (events < 0) {
      throw new IllegalArgumentException("snapshot interval " + events + " of "
          + mutator.aggregateClass().getName() + " is negative: give a number of events, or 0 for"
          + " none");
    }
    if (events > 0) {
      checkSnapshottable(mutator, "a snapshot interval of " + events + " was asked for");
    }
    intervals.put(mutator.topic(), events);
  }

  /**
   * Takes a snapshot of the aggregate at {@code version} now, whatever the interval, and stores it;
   * a snapshot already stored at that version is kept and returned.
   *
   * @param version the version to snapshot; {@code Long.MAX_VALUE} for the latest
   * @return the stored snapshot
   * @throws IllegalStateException if the class cannot be snapshotted, or the aggregate was
   *     discarded by then
   * @throws IllegalArgumentException if the aggregate has no such version
   * @throws dev.recount.AggregateNotFound if nothing is stored for {@code id}
   */
  public StoredSnapshot takeSnapshot(
      Mutator<? extends AggregateRoot> typed, UUID id, long version) {
    @SuppressWarnings("unchecked")
    Mutator<AggregateRoot> mutator = (Mutator<AggregateRoot>) typed;
    checkSnapshottable(mutator, "takeSnapshot(" + id + ") was called");
    if (version < 1) {
      throw new IllegalArgumentException(
          "version " + version + " of " + id + " does not exist: versions start at 1");
    }
    AggregateRoot aggregate = load(mutator, id, version);
    if (aggregate == null) {
      throw new dev.recount.AggregateNotFound(id, "no events are stored for it");
    }
    if (version != Long.MAX_VALUE && aggregate.version() < version) {
      throw new IllegalArgumentException("aggregate " + id + " has no version " + version
          + " to snapshot: its latest is " + aggregate.version());
    }
    if (aggregate.isDiscarded()) {
      throw new IllegalStateException("aggregate " + id + " was discarded at version "
          + aggregate.version() + ": a snapshot would restore nothing the repository returns;"
          + " snapshot an earlier version");
    }
    StoredSnapshot snapshot =
        toSnapshot(aggregate, mutator, Internal.aggregates().head(aggregate));
    try {
      recorder.insert(List.of(), List.of(snapshot), null);
      return snapshot;
    } catch (RecordConflict conflict) {
      for (StoredSnapshot stored : recorder.snapshots(id)) {
        if (stored.originatorVersion() == aggregate.version()) {
          return stored;
        }
      }
      throw new PersistenceError(
          "the snapshot of " + id + " at version " + aggregate.version() + " was refused",
          conflict);
    }
  }

  /** Every stored snapshot of the aggregate as stored, oldest first, unchecked. */
  public List<StoredSnapshot> snapshots(UUID id) {
    return recorder.snapshots(id);
  }

  /**
   * Refuses a class declared {@code @Aggregate(snapshotInterval = -1)}: it declared that a snapshot
   * cannot restore its state (its processor writes no snapshot schema for it), so neither snapshots
   * nor the cache, which keeps the snapshot form, may stand in for its events.
   */
  private static void checkSnapshottable(Mutator<? extends AggregateRoot> mutator, String what) {
    if (mutator.snapshotInterval() < 0) {
      throw new IllegalStateException(mutator.aggregateClass().getName() + " cannot be"
          + " snapshotted, but " + what + ": it is declared @Aggregate(snapshotInterval = "
          + mutator.snapshotInterval() + "), which means never; remove that (or set it to a"
          + " positive interval) if a snapshot of its fields restores its state");
    }
  }

  StoredSnapshot toSnapshot(AggregateRoot aggregate, Mutator<AggregateRoot> mutator, byte[] head) {
    byte[] json = snapshotJson(aggregate, mutator);
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
    if (tags != null) {
      tags.seal(snapshot);
    }
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

  /** What a snapshot of the aggregate holds: its timestamps and its fields, as JSON. */
  static byte[] snapshotJson(AggregateRoot aggregate, Mutator<AggregateRoot> mutator) {
    return writeJson(generator -> {
      generator.writeStartObject();
      generator.writeNumberField("createdOn", micros(aggregate.createdOn()));
      generator.writeNumberField("modifiedOn", micros(aggregate.modifiedOn()));
      generator.writeFieldName("state");
      mutator.snapshots().write(aggregate, generator);
      generator.writeEndObject();
    });
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
    boolean cached = version == Long.MAX_VALUE && cacheable(mutator);
    AggregateCache.Entry entry = cached ? cache.get(mutator.aggregateClass(), id) : null;
    if (entry != null && subjects != null && !keyUsable(id)) {
      // The cached state is plaintext: it is served only while the aggregate's key still exists.
      // Otherwise the replay says why not (forgotten, or a key problem), as without a cache.
      cache.evict(mutator.aggregateClass(), id);
      entry = null;
    }
    AggregateRoot aggregate =
        entry != null ? fastForward(entry, mutator, id) : replay(mutator, id, version);
    if (cached && aggregate != null) {
      remember(aggregate, mutator);
    }
    return aggregate == null ? null : typed.aggregateClass().cast(aggregate);
  }

  /**
   * With SUBJECT_KEYS, whether the aggregate's key, read afresh (one statement), is still there to
   * read it with: a key forgotten in another process ends the cached state's use here too.
   */
  private boolean keyUsable(UUID id) {
    subjects.refresh(List.of(id));
    try {
      subjects.forReading(id);
      return true;
    } catch (dev.recount.AggregateForgotten | Transcoder.Undecodable e) {
      return false;
    }
  }

  /**
   * A new instance from the cached state, with the events stored since applied: those of other
   * threads and processes included, each checked like any replayed event.
   */
  private AggregateRoot fastForward(
      AggregateCache.Entry entry, Mutator<AggregateRoot> mutator, UUID id) {
    AggregateRoot aggregate =
        restore(id, entry.version(), mutator.snapshots().fingerprint(), entry.json(), mutator);
    List<StoredEvent> newer =
        recorder.events(id, entry.version() + 1, Long.MAX_VALUE, false, Integer.MAX_VALUE);
    apply(aggregate, mutator, newer, entry.version() + 1, entry.head());
    return aggregate;
  }

  private AggregateRoot replay(Mutator<AggregateRoot> mutator, UUID id, long version) {
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
      checkHead(snapshot);
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
    apply(aggregate, mutator, events, next, head);
    return aggregate;
  }

  /** Applies {@code events}, the first at version {@code next}, chaining from {@code head}. */
  private void apply(
      AggregateRoot aggregate,
      Mutator<AggregateRoot> mutator,
      List<StoredEvent> events,
      long next,
      byte[] head) {
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
  }

  // ---- the aggregate cache --------------------------------------------------------------------

  /**
   * Whether aggregates of this class are cached: the cache is on, and the class can be snapshotted,
   * since the cache keeps its snapshot form.
   */
  private boolean cacheable(Mutator<AggregateRoot> mutator) {
    return cache.enabled() && mutator.snapshotInterval() >= 0;
  }

  /** Caches the aggregate as it is now, stored up to its version; forgets a discarded one. */
  private void remember(AggregateRoot aggregate, Mutator<AggregateRoot> mutator) {
    if (!cacheable(mutator)) {
      return;
    }
    if (aggregate.isDiscarded()) {
      cache.evict(mutator.aggregateClass(), aggregate.id());
      return;
    }
    cache.put(
        mutator.aggregateClass(),
        aggregate.id(),
        new AggregateCache.Entry(
            aggregate.version(),
            snapshotJson(aggregate, mutator),
            Internal.aggregates().head(aggregate)));
  }

  void evict(Iterable<AggregateRoot> aggregates) {
    if (!cache.enabled()) {
      return;
    }
    for (AggregateRoot aggregate : aggregates) {
      cache.evict(Internal.aggregates().mutator(aggregate).aggregateClass(), aggregate.id());
    }
  }

  /**
   * Checks that the snapshot's head is the stored hash of the aggregate's event at its version, and
   * that event's own hash: one row, not a replay. Events below the snapshot rewritten with their
   * hashes recomputed (which changes the hash at the snapshot's version) are caught here; a byte
   * changed below it without recomputing hashes is not, since those events are not read (audit()
   * and a load to a version below the snapshot read them).
   */
  private void checkHead(StoredSnapshot snapshot) {
    if (!hashChain) {
      return;
    }
    UUID id = snapshot.originatorId();
    long version = snapshot.originatorVersion();
    List<StoredEvent> at = recorder.events(id, version, version, false, 1);
    if (at.isEmpty()) {
      throw new DataIntegrityError(
          id, version, "the event at the snapshot's version is missing: it was deleted");
    }
    StoredEvent event = at.get(0);
    decoder.checkHash(event, event.previousHash());
    if (!Arrays.equals(event.hash(), snapshot.head())) {
      throw new DataIntegrityError(
          id,
          version,
          "the snapshot's head is not the stored hash of the event at its version: the events"
              + " up to it were rewritten, or the snapshot was");
    }
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
    if (tags != null) {
      tags.check(snapshot);
    }
    byte[] json =
        decoder.decodeState(Transcoder.SNAPSHOT, id, version, snapshot.state(), "snapshot");
    return restore(id, version, snapshot.fingerprint(), json, mutator);
  }

  /** A new instance with the state of a snapshot's JSON, stored with {@code fingerprint}. */
  private AggregateRoot restore(
      UUID id, long version, String fingerprint, byte[] json, Mutator<AggregateRoot> mutator) {
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
            mutator.snapshots().read(aggregate, fingerprint, parser);
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

  /**
   * Stored checkpoints that end after notification id {@code after}, oldest first, with the entries
   * each chains over (for the HTTP log, which serves them so that a follower can verify pages).
   */
  public List<StoredCheckpoint> storedCheckpoints(long after, int limit) {
    return recorder.checkpoints(after, limit);
  }

  /** A stored checkpoint as the public record; a malformed one is a {@link LogIntegrityError}. */
  public static Checkpoint checkpointOf(String tablePrefix, StoredCheckpoint stored) {
    return Checkpointer.toCheckpoint(tablePrefix, stored);
  }

  /**
   * An Ed25519 verifying key (base64 of X.509 DER).
   *
   * @throws dev.recount.ConfigurationError naming {@code setting} if it is not one
   */
  public static PublicKey verifyingKey(String setting, String base64) {
    return Ed25519.verifyingKey(setting, base64);
  }

  /** Whether {@code checkpoint} names {@code key}'s id and its signature verifies with it. */
  public static boolean verifies(PublicKey key, Checkpoint checkpoint) {
    byte[] signature;
    try {
      signature = java.util.Base64.getDecoder().decode(checkpoint.signature());
    } catch (IllegalArgumentException e) {
      return false;
    }
    return checkpoint.keyId().equals(Ed25519.keyId(key))
        && Ed25519.verify(key, checkpoint.signedText().getBytes(StandardCharsets.UTF_8), signature);
  }

  /** The id of a verifying key, as checkpoints name it. */
  public static String keyId(PublicKey key) {
    return Ed25519.keyId(key);
  }

  /**
   * A stored event's entry in the chain that checkpoints sign: {@link #CHECKPOINT_ENTRY_BYTES}
   * bytes, its notification id first (a big-endian long), the SHA-256 of its record recomputed.
   */
  public static byte[] checkpointEntry(StoredEvent event) {
    return CheckpointChain.entry(event);
  }

  /** The length of a {@link #checkpointEntry}. */
  public static final int CHECKPOINT_ENTRY_BYTES = CheckpointChain.ENTRY_BYTES;

  /**
   * The chain's value after {@code entries} (whole entries, in id order), from {@code start}: the
   * value a checkpoint signed, or 32 zero bytes at the start of the log.
   */
  public static byte[] checkpointChain(byte[] start, byte[] entries, int offset, int count) {
    CheckpointChain chain = new CheckpointChain(start);
    for (int i = 0; i < count; i++) {
      chain.add(entries, offset + i * CheckpointChain.ENTRY_BYTES);
    }
    return chain.value();
  }

  /** The table of leases beside this store's tables, created if it is missing. */
  public dev.recount.internal.LeaseTable leases() {
    return recorder.leases();
  }

  /** The largest notification id of {@code upstream} that {@code application} has tracked. */
  public long maxTracked(String application, String upstream) {
    return recorder.maxTracked(application, upstream);
  }

  /**
   * The largest notification id {@code application} has tracked under each upstream name starting
   * with {@code upstreamPrefix}, by upstream name.
   */
  public Map<String, Long> maxTrackedByPrefix(String application, String upstreamPrefix) {
    return recorder.maxTrackedByPrefix(application, upstreamPrefix);
  }

  /** Which of {@code ids} (at most 1000) {@code application} has tracked of {@code upstream}. */
  public Set<Long> tracked(String application, String upstream, Collection<Long> ids) {
    return recorder.tracked(application, upstream, ids);
  }

  /**
   * Replays every stored aggregate from its events alone and checks every snapshot.
   *
   * @throws DataIntegrityError naming the first aggregate and version that fails
   */
  public Audit audit() {
    return audit(false, true, null, null);
  }

  /**
   * Audits the store.
   *
   * @param deep also replay each aggregate to every snapshot's version and compare the states
   * @param decode decode every record with the application's classes and cipher key; false checks
   *     only what needs neither (hashes, chains, snapshots' heads, tags, checkpoints)
   * @param verifyingKey base64 Ed25519 verifying key to check signed checkpoints with; {@code null}
   *     for this application's own when it signs, or no checkpoint check
   * @param exported a checkpoint kept outside the database, to check the stored ones against (needs
   *     a verifying key); {@code null} for none
   * @throws DataIntegrityError naming the first aggregate and version (or notification id) that
   *     fails
   */
  public Audit audit(boolean deep, boolean decode, String verifyingKey, Checkpoint exported) {
    if (deep && !decode) {
      throw new IllegalArgumentException(
          "a deep audit replays the aggregates, which needs decoding them");
    }
    PublicKey key = verifyingKey != null
        ? Ed25519.verifyingKey("verifying key", verifyingKey)
        : settings.integrity().verifyingKey();
    if (exported != null && key == null) {
      throw new IllegalArgumentException(
          "checking an exported checkpoint needs the verifying key of its signer");
    }
    CheckpointAudit checkpoints =
        key == null ? null : new CheckpointAudit(recorder, settings.tablePrefix(), key, exported);
    return new Auditor(this, deep, decode, checkpoints).audit();
  }

  /**
   * Checks the notification log against its signed checkpoints with the verifying key alone,
   * neither the cipher key nor the classes, and without checking the records again (what
   * {@link #audit(boolean, boolean, String, Checkpoint)} checks of the checkpoints, for the
   * operator's tool, which checks the records with {@link #auditRecords}).
   *
   * @param verifyingKey base64 Ed25519 verifying key of the signer
   * @param exported a checkpoint kept outside the database, to check the stored ones against;
   *     {@code null} for none
   * @return how far the checkpoints reach
   * @throws LogIntegrityError naming the first notification id where the log and the checkpoints
   *     part
   * @throws dev.recount.ConfigurationError if the key is not an Ed25519 verifying key
   */
  public CheckpointReach auditCheckpoints(String verifyingKey, Checkpoint exported) {
    CheckpointAudit.Reach reach = new CheckpointAudit(
            recorder,
            settings.tablePrefix(),
            Ed25519.verifyingKey("verifying key", verifyingKey),
            exported)
        .run();
    return new CheckpointReach(reach.upTo(), reach.events(), reach.lastNotificationId());
  }

  /**
   * How far signed checkpoints reach ({@link #auditCheckpoints}).
   *
   * @param upTo the notification id up to which they prove every event present, unchanged and at
   *     its id; 0 if no checkpoint is stored
   * @param events how many events they cover
   * @param lastNotificationId the largest notification id in the log when the check ended: the
   *     events after {@code upTo} are proven by nothing but their hashes and chains
   */
  public record CheckpointReach(long upTo, long events, long lastNotificationId) {}

  /**
   * Reads the log to its end and signs a checkpoint of every event not yet covered.
   *
   * @return the newest checkpoint; {@code null} if the log is empty
   * @throws IllegalStateException if no {@code SIGNING_KEY} is set, or the store is read-only
   */
  public Checkpoint checkpoint() {
    if (checkpointer == null) {
      throw new IllegalStateException(
          settings.readOnly()
              ? "a READ_ONLY application signs no checkpoints"
              : "no SIGNING_KEY is set: this application signs no checkpoints");
    }
    return checkpointer.checkpointNow();
  }

  /**
   * The newest stored checkpoint, as stored: with a {@code SIGNING_KEY}, its signature is checked
   * first.
   *
   * @return {@code null} if there is none
   */
  public Checkpoint latestCheckpoint() {
    StoredCheckpoint latest = recorder.latestCheckpoint();
    if (latest == null) {
      return null;
    }
    Checkpoint checkpoint = Checkpointer.toCheckpoint(settings.tablePrefix(), latest);
    PublicKey key = settings.integrity().verifyingKey();
    if (key != null
        && !Ed25519.verify(
            key, checkpoint.signedText().getBytes(StandardCharsets.UTF_8), latest.signature())) {
      throw new LogIntegrityError(
          latest.upTo(),
          null,
          0,
          "the newest stored checkpoint does not verify with the SIGNING_KEY's verifying key");
    }
    return checkpoint;
  }

  /**
   * Checks every stored record of every aggregate as stored, decoding none, so that it needs
   * neither the application's classes nor the cipher key: the versions of each aggregate run 1, 2,
   * 3..., each event's hash matches the record and chains onto the event before, and each
   * snapshot's hash matches and its head is the hash of the event at its version. Unlike
   * {@link #audit()} it does not stop at a problem: it keeps each aggregate's first problem and
   * goes on with the next aggregate. What it cannot see: whether the state decrypts and decodes,
   * whether a snapshot's state equals the replay of the events, and a whole history rewritten with
   * recomputed hashes.
   *
   * @param progress called after each aggregate with the number of events checked so far
   */
  public RecordAudit auditRecords(LongConsumer progress) {
    return new RecordAuditor(recorder, decoder, hashChain).all(progress);
  }

  /** As {@link #auditRecords(LongConsumer)}, for one aggregate (none if nothing is stored). */
  public RecordAudit auditRecords(UUID id) {
    return new RecordAuditor(recorder, decoder, hashChain).one(id);
  }

  /**
   * What {@link #auditRecords} checked, and what it found.
   *
   * @param aggregates how many aggregates it read
   * @param events how many event records it read
   * @param snapshots how many snapshot records it read
   * @param unencrypted how many of those records are stored without encryption (their format byte
   *     says so): in a store written with a cipher key, each is one that the key did not write
   * @param problems each corrupt aggregate's first problem, in the order found; empty if every
   *     record checked is intact
   */
  public record RecordAudit(
      long aggregates,
      long events,
      long snapshots,
      long unencrypted,
      List<DataIntegrityError> problems) {
    public RecordAudit {
      problems = List.copyOf(problems);
    }
  }

  /** Every snapshot of an aggregate exactly as stored, oldest first, unchecked. */
  public List<StoredSnapshot> storedSnapshots(UUID id) {
    return recorder.snapshots(id);
  }

  /**
   * The JSON an event record holds: its state decrypted (with this store's key) and decompressed,
   * without its hash being checked or its topic's class being needed.
   *
   * @throws dev.recount.CipherKeyError if it is encrypted and the key is missing or another
   * @throws DataIntegrityError if it cannot be decoded
   */
  public byte[] storedJson(StoredEvent event) {
    return decoder.decodeState(
        Transcoder.EVENT, event.originatorId(), event.originatorVersion(), event.state(), "event");
  }

  /**
   * The JSON of an event record's metadata, decrypted (with this store's key), without its hash
   * being checked; {@code null} if the event has none.
   *
   * @throws dev.recount.CipherKeyError if it is encrypted and the key is missing or another
   * @throws DataIntegrityError if it cannot be decoded
   */
  public byte[] storedMetadataJson(StoredEvent event) {
    if (event.metadata() == null) {
      return null;
    }
    return decoder.decodeState(
        Transcoder.METADATA,
        event.originatorId(),
        event.originatorVersion(),
        event.metadata(),
        "metadata");
  }

  /** As {@link #storedJson(StoredEvent)}, for a snapshot record. */
  public byte[] storedJson(StoredSnapshot snapshot) {
    return decoder.decodeState(
        Transcoder.SNAPSHOT,
        snapshot.originatorId(),
        snapshot.originatorVersion(),
        snapshot.state(),
        "snapshot");
  }

  // ---- dynamic consistency boundaries ---------------------------------------------------------

  /**
   * The events matching {@code query} with positions after {@code after}, at most {@code limit},
   * and the head, in one snapshot; each event checked and decoded (see {@link DcbStore#read}).
   */
  public ReadResult dcbRead(Query query, long after, int limit) {
    Recorder.TaggedEvents read = recorder.read(query, after, limit);
    List<SequencedEvent> events = new ArrayList<>(read.events().size());
    for (int i = 0; i < read.events().size(); i++) {
      StoredEvent event = read.events().get(i);
      decoder.checkHash(event, event.previousHash());
      events.add(new SequencedEvent(
          event.notificationId(),
          event.topic(),
          read.tags().get(i),
          decoder.decode(event, Topics.owner(event.topic())),
          Instant.EPOCH.plus(event.timestampMicros(), ChronoUnit.MICROS)));
    }
    return new ReadResult(events, read.head());
  }

  /**
   * Encodes, hashes and appends aggregate-less events if {@code condition} (or null) holds (see
   * {@link DcbStore#append}).
   */
  public Appended dcbAppend(List<?> events, AppendCondition condition) {
    // The append is the events' "originator": one id for all of them, versions 1..n, their hash
    // chain running from the first to the last (docs/DCB.md).
    UUID id = UUID.randomUUID();
    long timestamp = micros(Instant.now());
    Metadata metadata = Metadata.current();
    byte[] metadataJson = MetadataJson.write(metadata);
    List<StoredEvent> records = new ArrayList<>(events.size());
    List<Set<String>> tags = new ArrayList<>(events.size());
    byte[] previous = null;
    for (int i = 0; i < events.size(); i++) {
      Object event = events.get(i);
      DcbEvents mapping = DcbEventRegistry.ofEvent(event);
      String topic = mapping.topicOf(event);
      tags.add(checkedTags(topic, mapping.tagsOf(event)));
      byte[] json = writeJson(generator -> mapping.write(event, generator));
      StoredEvent record =
          encodeEvent(id, i + 1, topic, timestamp, json, metadataJson, previous, true);
      previous = record.hash();
      records.add(record);
    }
    List<StoredEvent> stored = recorder.append(records, tags, condition);
    if (checkpointer != null) {
      checkpointer.prompt();
    }
    List<Notification> notifications = new ArrayList<>(stored.size());
    List<SequencedEvent> sequenced = new ArrayList<>(stored.size());
    Instant time = Instant.EPOCH.plus(timestamp, ChronoUnit.MICROS);
    for (int i = 0; i < stored.size(); i++) {
      StoredEvent record = stored.get(i);
      notifications.add(new Notification(
          record.notificationId(),
          id,
          record.originatorVersion(),
          time,
          record.topic(),
          events.get(i),
          metadataJson == null ? null : metadata));
      sequenced.add(new SequencedEvent(
          record.notificationId(), record.topic(), tags.get(i), events.get(i), time));
    }
    return new Appended(notifications, sequenced);
  }

  /** The most characters of a tag: what every database indexes. */
  static final int MAX_TAG_LENGTH = 255;

  /** The tags a pending event of an aggregate declares, checked. */
  static Set<String> tagsOf(Mutator<AggregateRoot> mutator, PendingEvent pending, String topic) {
    return pending.event() instanceof AggregateRoot.Discarded
        ? Set.of()
        : checkedTags(topic, mutator.events().tagsOf(pending.event()));
  }

  private static Set<String> checkedTags(String topic, Set<String> tags) {
    for (String tag : tags) {
      if (tag == null || tag.isEmpty() || tag.length() > MAX_TAG_LENGTH) {
        throw new IllegalArgumentException("a tag of the event " + topic + " is "
            + (tag == null ? "null" : tag.isEmpty() ? "empty" : tag.length() + " characters long")
            + ": tags are 1 to " + MAX_TAG_LENGTH + " characters; nothing was written");
      }
    }
    return Set.copyOf(tags);
  }

  /**
   * What an append stored: as notifications (for the application's subscribers) and as sequenced
   * events (for the caller).
   */
  public record Appended(List<Notification> notifications, List<SequencedEvent> events) {}

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
    Instant at = subjects.forget(id);
    cache.evictEverywhere(id); // its plaintext state must not outlive its key
    return at;
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
