package dev.recount;

import dev.recount.internal.Coalescer;
import dev.recount.internal.Internal;
import dev.recount.internal.PostgresPrompts;
import dev.recount.internal.Tracking;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.observe.Observability;
import dev.recount.store.EventStore;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event-sourced application: one event store in one database, and the way to save aggregates
 * into it. Configure it from the environment ({@link #fromEnvironment()}) or with a
 * {@link #builder()}; close it to release its connections. Load aggregates with the generated
 * repositories, such as {@code WorldRepository.of(app)}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>DB_URI</td><td>JDBC URL of the database (H2, PostgreSQL, MariaDB)</td>
 *       <td>a private in-memory H2 database</td></tr>
 *   <tr><td>DB_USER, DB_PASSWORD</td><td>its credentials</td><td>none</td></tr>
 *   <tr><td>CIPHER_KEY</td><td>base64 AES key (128, 192 or 256 bits;
 *       {@link CipherKeys#generate()} makes 256): encrypts stored state; its records carry no key
 *       id</td><td>no encryption</td></tr>
 *   <tr><td>CIPHER_KEYS</td><td>named keys for rotation, {@code id:base64} separated by commas
 *       ({@code k2:...,k1:...}): each record names the key that wrote it, and every listed key
 *       reads; with CIPHER_KEY too, that one reads the records without an id</td><td>none</td>
 *       </tr>
 *   <tr><td>CIPHER_KEY_ID</td><td>which of CIPHER_KEYS encrypts new records</td>
 *       <td>the only one, if CIPHER_KEYS has one</td></tr>
 *   <tr><td>SUBJECT_KEYS</td><td>each aggregate's records encrypted with a data key of its own,
 *       kept wrapped by the cipher key in a table of its own, so that {@link #forget} can destroy
 *       it</td><td>false</td></tr>
 *   <tr><td>COMPRESSOR</td><td>{@code zlib} or {@code none}</td><td>none</td></tr>
 *   <tr><td>SNAPSHOTTING_INTERVAL</td><td>a snapshot every N events</td><td>0 (none)</td></tr>
 *   <tr><td>HASH_CHAIN</td><td>hash and chain every stored record, and check on load</td>
 *       <td>true</td></tr>
 *   <tr><td>TABLE_PREFIX</td><td>prefix of the table names</td><td>{@code recount_}</td></tr>
 *   <tr><td>CREATE_TABLES</td><td>create what is missing at start, only that</td><td>true</td>
 *       </tr>
 *   <tr><td>DB_POOL_SIZE</td><td>maximum open connections</td><td>10</td></tr>
 *   <tr><td>READ_ONLY</td><td>only read (a follower, an auditor): create and check nothing of
 *       the writers', refuse saves</td><td>false</td></tr>
 *   <tr><td>MAX_EVENT_BYTES</td><td>largest stored state of one event (after compression and
 *       encryption); a save with a larger one is refused</td><td>1048576 (1 MiB)</td></tr>
 *   <tr><td>AGGREGATE_CACHE_SIZE</td><td>most aggregates of each class kept in memory after a
 *       load or save; a load then applies only the events stored since</td><td>0 (no cache)</td>
 *       </tr>
 *   <tr><td>ACCEPT_UNENCRYPTED</td><td>with a CIPHER_KEY, also read records stored without
 *       encryption (before the key was set); otherwise they are refused</td><td>false</td></tr>
 *   <tr><td>INTEGRITY_KEY</td><td>base64 key of 32 bytes or more: an HMAC-SHA256 tag in every
 *       record, checked on every read</td><td>no tags</td></tr>
 *   <tr><td>ACCEPT_UNAUTHENTICATED</td><td>with an INTEGRITY_KEY, also read records stored
 *       without a tag</td><td>false</td></tr>
 *   <tr><td>SIGNING_KEY</td><td>base64 Ed25519 key ({@link SigningKeys#generate()}): signs
 *       checkpoints of the notification log</td><td>no checkpoints</td></tr>
 *   <tr><td>CHECKPOINT_INTERVAL</td><td>a checkpoint after at most this many events</td>
 *       <td>1000</td></tr>
 * </table>
 */
public final class Application implements AutoCloseable {
  static {
    Internal.register(new Door());
  }

  private static final Logger LOG = LoggerFactory.getLogger("dev.recount");

  private final EventStore store;
  private final Subscribers subscribers;
  /** Finds the caller's open transaction for saves to join; null: saves commit on their own. */
  private final TransactionJoiner transactions;

  private final Observability observability;
  /** Sends PostgreSQL's NOTIFY after commits, for followers in other JVMs; null elsewhere. */
  private final Coalescer announcer;

  private Application(
      Map<String, String> settings,
      DataSource dataSource,
      TransactionJoiner transactions,
      Consumer<SubscriberFailure> onSubscriberFailure,
      ObservationRegistry observations,
      MeterRegistry meters) {
    this.subscribers = new Subscribers(onSubscriberFailure);
    this.transactions = transactions;
    this.store =
        dataSource == null ? EventStore.open(settings) : EventStore.open(settings, dataSource);
    this.announcer = PostgresPrompts.announcer(store);
    // Micrometer's classes are loaded only on this branch: it is an optional dependency.
    this.observability = observations == null && meters == null
        ? Observability.none()
        : Observability.micrometer(observations, meters, store.address().tablePrefix());
    if (observations != null || meters != null) {
      LOG.info(
          "{}* reports to Micrometer: observations {}, meters {}",
          store.address().tablePrefix(),
          observations == null ? "off" : "on",
          meters == null ? "off" : "on");
    }
  }

  /** An application configured by the process's environment variables. */
  public static Application fromEnvironment() {
    return builder().environment(System.getenv()).build();
  }

  /** A builder that starts from no settings: in-memory H2, no encryption, no snapshots. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Stores the pending events of the given aggregates, all or none, in one transaction (or in the
   * caller's, when a {@link Builder#transactions} joiner finds one open).
   *
   * @return the position of the last event stored, its notification id (0 if there was nothing to
   *     store): what to wait for to read one's own writes in a follower, such as
   *     {@link dev.recount.process.Runner#awaitProcessed}
   * @throws ConcurrencyError if any of them is stale (another save stored its next version first)
   * @throws PersistenceError if the database fails; nothing was written
   * @throws CommitOutcomeUnknown if the connection broke while committing: ask
   *     {@link #isStored(CommitOutcomeUnknown)}
   */
  public long save(AggregateRoot... aggregates) {
    return save(Arrays.asList(aggregates));
  }

  /** As {@link #save(AggregateRoot...)}. */
  public long save(Collection<? extends AggregateRoot> aggregates) {
    for (AggregateRoot aggregate : aggregates) {
      Objects.requireNonNull(aggregate, "aggregate");
    }
    Transaction open = transactions == null ? null : transactions.current(this);
    List<Notification> saved = open != null
        ? open.save(new ArrayList<>(aggregates))
        : save(new ArrayList<>(aggregates), null);
    return saved.isEmpty() ? 0 : saved.get(saved.size() - 1).id();
  }

  @SuppressWarnings("try") // the scope is only opened and closed
  private List<Notification> save(List<AggregateRoot> aggregates, Tracking tracking) {
    List<Notification> saved;
    Observability.Span span = observability.save(aggregates);
    try (Metadata.Scope trace = Metadata.defaults(span.trace())) {
      saved = store.save(aggregates, tracking);
      span.succeeded(saved.size());
      if (LOG.isDebugEnabled() && !saved.isEmpty()) {
        LOG.debug(
            "saved {} events as notifications {} to {}",
            saved.size(),
            saved.get(0).id(),
            saved.get(saved.size() - 1).id());
      }
    } catch (RuntimeException | Error e) {
      span.failed(e);
      throw e;
    } finally {
      span.end();
    }
    committed(saved);
    return saved;
  }

  /**
   * Saves that join the transaction on {@code connection} (a connection of the same database, such
   * as one of the application's data source): the caller's own SQL and the saves commit or roll
   * back together, when the returned transaction commits or is closed. Turns auto-commit off for
   * the transaction's duration if it was on.
   *
   * @throws PersistenceError if the connection cannot begin a transaction
   */
  public Transaction transaction(java.sql.Connection connection) {
    return new Transaction(
        connection, store.join(connection), this::committed, false, observability);
  }

  /**
   * For a transaction manager: saves that join the transaction it has open on {@code connection},
   * which it commits or rolls back itself, and then tells the returned transaction with
   * {@link Transaction#afterCompletion}. See {@link Builder#transactions}.
   */
  public Transaction managedTransaction(java.sql.Connection connection) {
    return new Transaction(
        connection, store.join(connection), this::committed, true, observability);
  }

  /** After a commit that stored {@code saved}: other JVMs are told, then this one's subscribers. */
  private void committed(List<Notification> saved) {
    if (saved.isEmpty()) {
      return;
    }
    if (announcer != null) {
      announcer.signal();
    }
    if (!subscribers.isEmpty()) {
      subscribers.deliver(saved);
    }
  }

  /**
   * Whether the save that failed with {@code error} is stored: it is stored whole or not at all, so
   * this looks up the first new event of each of its aggregates and compares it with what was sent.
   * Ask once the database answers again; a save made since cannot be mistaken for it.
   *
   * @return true if the save is stored (load its aggregates again: they still hold the events as
   *     pending); false if nothing of it is (save the aggregates again)
   * @throws PersistenceError if the database cannot be asked yet
   * @throws IllegalArgumentException if the error has no events to look up (it was serialized, or
   *     it is another application's)
   */
  public boolean isStored(CommitOutcomeUnknown error) {
    List<StoredEvent> sent = error.firstEvents();
    if (sent.isEmpty()) {
      throw new IllegalArgumentException("the error carries no events to look up; it was"
          + " serialized, which drops them: load the aggregates of "
          + error.firstNewVersions() + " and compare their versions instead");
    }
    for (StoredEvent event : sent) {
      StoredEvent stored = store.storedEvent(event.originatorId(), event.originatorVersion());
      if (stored == null
          || !stored.topic().equals(event.topic())
          || stored.timestampMicros() != event.timestampMicros()
          || !Arrays.equals(stored.state(), event.state())) {
        return false; // all or nothing: one event missing, or another save's, means none
      }
    }
    return true;
  }

  /** This application's notification log: every stored event, in an order that never skips. */
  public NotificationLog log() {
    return store.log();
  }

  /**
   * Calls {@code subscriber} with every event this application stores from now on, after its save
   * commits. Failures are reported to the builder's {@code onSubscriberFailure} handler (by
   * default, logged at ERROR by the SLF4J logger {@code dev.recount}).
   */
  public void subscribe(Subscriber subscriber) {
    subscribers.add(Objects.requireNonNull(subscriber, "subscriber"));
  }

  /** Stops calling {@code subscriber}. */
  public void unsubscribe(Subscriber subscriber) {
    subscribers.remove(subscriber);
  }

  /**
   * Every stored event of an aggregate, decoded, oldest first; each hash and the chain checked.
   *
   * @throws DataIntegrityError at the first event that fails a check
   */
  public List<RecordedEvent> events(UUID aggregateId) {
    return store.events(aggregateId, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE, null);
  }

  /**
   * The records of an aggregate's events exactly as stored (encrypted, if a key is set), oldest
   * first, unchecked: what an auditor or a tamper test sees.
   */
  public List<StoredEvent> storedEvents(UUID aggregateId) {
    return store.storedEvents(aggregateId);
  }

  /**
   * Checks that the aggregate's stored history is intact and ends at {@code head}, a hash kept
   * somewhere the database's writers cannot reach: since each hash covers the one before, one
   * trusted head validates every event up to it.
   *
   * @throws DataIntegrityError if an event fails its check, or the history ends elsewhere
   */
  public void verify(UUID aggregateId, String head) {
    if (!store.hashChain()) {
      throw new IllegalStateException("HASH_CHAIN is off: stored events carry no hashes to verify");
    }
    List<RecordedEvent> events = events(aggregateId);
    String last = events.isEmpty() ? "" : events.get(events.size() - 1).hash();
    if (!last.equals(head)) {
      throw new DataIntegrityError(
          aggregateId,
          events.size(),
          "the stored history ends at hash "
              + (last.isEmpty() ? "(none)" : last) + ", not at the trusted head " + head
              + ": events were removed, added or replaced");
    }
  }

  /**
   * Replays every stored aggregate from its events alone, checking every hash, chain, version and
   * decoding, and checks every snapshot against its hash and the chain.
   *
   * @return what was checked
   * @throws DataIntegrityError naming the first aggregate and version that fails
   */
  public Audit audit() {
    return store.audit();
  }

  /**
   * Forgets an aggregate (crypto-shredding, with {@code SUBJECT_KEYS=true}): destroys its data key,
   * keeping a record of when in the table of subject keys. Its events and snapshots stay stored and
   * their hashes still verify, but no one can decrypt them again: loading it throws
   * {@link AggregateForgotten}, and the log gives each of its events as a
   * {@link dev.recount.log.Forgotten} tombstone. No new event can be saved for it. Forgetting again
   * does nothing more.
   *
   * @throws ConfigurationError if {@code SUBJECT_KEYS} is off (there is no key to destroy) or the
   *     application is read-only
   * @throws PersistenceError if the database fails; then nothing was forgotten
   */
  public void forget(UUID aggregateId) {
    store.forget(Objects.requireNonNull(aggregateId, "aggregateId"));
  }

  /**
   * Audits with more (or fewer) checks than {@link #audit()}: a deep audit, one of the records
   * only, or signed checkpoints checked with a given verifying key and against an exported line.
   *
   * @throws DataIntegrityError naming the first aggregate and version that fails; a
   *     {@link LogIntegrityError}, naming the notification id, for a failed checkpoint
   * @throws IllegalArgumentException if the options contradict each other (deep and records only;
   *     an exported checkpoint and no key to verify it)
   */
  public Audit audit(AuditOptions options) {
    return store.audit(options.deep, !options.recordsOnly, options.verifyingKey, options.exported);
  }

  /**
   * Signs a checkpoint now of every event the log holds that no checkpoint covers yet (the
   * application also does so every {@code CHECKPOINT_INTERVAL} events, and within 10 seconds of a
   * save, in a thread of its own).
   *
   * @return the newest checkpoint, to publish ({@link Checkpoint#line()}); empty if the log is
   *     empty
   * @throws IllegalStateException if no {@code SIGNING_KEY} is set
   */
  public Optional<Checkpoint> checkpoint() {
    return Optional.ofNullable(store.checkpoint());
  }

  /**
   * The newest stored checkpoint of the log (its signature checked, with a {@code SIGNING_KEY}), to
   * publish outside the database ({@link Checkpoint#line()}).
   *
   * @return empty if none is stored
   */
  public Optional<Checkpoint> latestCheckpoint() {
    return Optional.ofNullable(store.latestCheckpoint());
  }

  EventStore store() {
    return store;
  }

  Observability observability() {
    return observability;
  }

  /** Closes the connection pool (and drops a private in-memory database). */
  @Override
  public void close() {
    if (announcer != null) {
      announcer.close();
    }
    observability.close();
    store.close();
  }

  /** How process applications, runners and the HTTP log reach what users cannot. */
  private static final class Door implements Internal.Applications {
    @Override
    public EventStore store(Application application) {
      return application.store;
    }

    @Override
    public List<Notification> saveTracked(
        Application application, List<AggregateRoot> aggregates, Tracking tracking) {
      return application.save(aggregates, tracking);
    }

    @Override
    public void deliver(Application application, List<Notification> stored) {
      application.committed(stored);
    }

    @Override
    public Map<String, String> environment(Builder builder) {
      return new HashMap<>(builder.values);
    }

    @Override
    public Observability observability(Application application) {
      return application.observability;
    }
  }

  /** Settings for an {@link Application}; values set here win over the environment's. */
  public static final class Builder {
    private final Map<String, String> values = new HashMap<>();
    private DataSource dataSource;
    private TransactionJoiner transactions;
    private Consumer<SubscriberFailure> onSubscriberFailure;
    private ObservationRegistry observationRegistry;
    private MeterRegistry meterRegistry;

    private Builder() {}

    /** Takes every setting this map has (such as {@code System.getenv()}), by variable name. */
    public Builder environment(Map<String, String> environment) {
      for (String name : EventStore.settingNames()) {
        if (environment.containsKey(name)) {
          values.put(name, environment.get(name));
        }
      }
      return this;
    }

    /** The JDBC URL ({@code DB_URI}); {@code null} for a private in-memory H2 database. */
    public Builder dbUri(String jdbcUrl) {
      return put("DB_URI", jdbcUrl);
    }

    /**
     * Takes connections from the application's own data source (its pool, its credentials) instead
     * of opening a pool from {@code DB_URI}; {@code null} for Recount's own pool. The database (H2,
     * PostgreSQL or MariaDB) follows from the URL its driver reports; the settings that open a pool
     * ({@code DB_URI}, {@code DB_USER}, {@code DB_PASSWORD}, {@code DB_POOL_SIZE}) must then be
     * unset. Closing the application leaves the data source open. Its connections should be in
     * auto-commit mode, as pools' are by default; on MariaDB, Recount's writing transactions run at
     * READ COMMITTED whatever the pool's default.
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = dataSource;
      return this;
    }

    /**
     * How {@link Application#save} finds a transaction the caller has open, to save in it rather
     * than in a transaction of its own (the Spring Boot starter gives one for
     * {@code @Transactional}); {@code null} for none. Repositories save through the application, so
     * they join too.
     */
    public Builder transactions(TransactionJoiner joiner) {
      this.transactions = joiner;
      return this;
    }

    /** The database user ({@code DB_USER}). */
    public Builder dbUser(String user) {
      return put("DB_USER", user);
    }

    /** The database password ({@code DB_PASSWORD}). */
    public Builder dbPassword(String password) {
      return put("DB_PASSWORD", password);
    }

    /** The base64 AES key that encrypts stored state ({@code CIPHER_KEY}); null for none. */
    public Builder cipherKey(String base64) {
      return put("CIPHER_KEY", base64);
    }

    /**
     * Adds a named key to {@code CIPHER_KEYS}: records name the key that encrypted them, so keys
     * can be rotated. The key named by {@link #cipherKeyId} encrypts new records; every added key
     * reads.
     */
    public Builder cipherKey(String id, String base64) {
      String entry = id + ":" + base64;
      String keys = values.get("CIPHER_KEYS");
      return put("CIPHER_KEYS", keys == null || keys.isBlank() ? entry : keys + "," + entry);
    }

    /** Which named key encrypts new records ({@code CIPHER_KEY_ID}). */
    public Builder cipherKeyId(String id) {
      return put("CIPHER_KEY_ID", id);
    }

    /**
     * Whether each aggregate's records are encrypted with a data key of its own, so that
     * {@link Application#forget} can destroy it ({@code SUBJECT_KEYS}, default false; needs a
     * cipher key, which wraps the data keys).
     */
    public Builder subjectKeys(boolean on) {
      return put("SUBJECT_KEYS", Boolean.toString(on));
    }

    /** {@code "zlib"} or {@code "none"} ({@code COMPRESSOR}). */
    public Builder compressor(String name) {
      return put("COMPRESSOR", name);
    }

    /** A snapshot every {@code events} events; 0 for none ({@code SNAPSHOTTING_INTERVAL}). */
    public Builder snapshottingInterval(int events) {
      return put("SNAPSHOTTING_INTERVAL", Integer.toString(events));
    }

    /** Whether records are hashed, chained and checked ({@code HASH_CHAIN}, default true). */
    public Builder hashChain(boolean on) {
      return put("HASH_CHAIN", Boolean.toString(on));
    }

    /** The prefix of the table names ({@code TABLE_PREFIX}, default {@code recount_}). */
    public Builder tablePrefix(String prefix) {
      return put("TABLE_PREFIX", prefix);
    }

    /** Whether missing tables are created at start ({@code CREATE_TABLES}, default true). */
    public Builder createTables(boolean create) {
      return put("CREATE_TABLES", Boolean.toString(create));
    }

    /** The most connections the pool opens ({@code DB_POOL_SIZE}, default 10). */
    public Builder poolSize(int connections) {
      return put("DB_POOL_SIZE", Integer.toString(connections));
    }

    /**
     * Whether the application only reads ({@code READ_ONLY}, default false): it creates nothing,
     * checks only what reads need, so a user with SELECT alone can open it, and refuses saves.
     */
    public Builder readOnly(boolean readOnly) {
      return put("READ_ONLY", Boolean.toString(readOnly));
    }

    /**
     * The largest stored state of one event, in bytes, after compression and encryption
     * ({@code MAX_EVENT_BYTES}, default 1 MiB); a save with a larger event is refused, writing
     * nothing.
     */
    public Builder maxEventBytes(int bytes) {
      return put("MAX_EVENT_BYTES", Integer.toString(bytes));
    }

    /**
     * With a cipher key, whether records stored without encryption are read too
     * ({@code ACCEPT_UNENCRYPTED}, default false). Off, they are refused as a
     * {@link DataIntegrityError}: anyone who can write to the database could have stored one
     * without the key. Turn it on only to read records stored before encryption was turned on.
     */
    public Builder acceptUnencrypted(boolean accept) {
      return put("ACCEPT_UNENCRYPTED", Boolean.toString(accept));
    }

    /**
     * The base64 key (32 bytes or more; {@link CipherKeys#generate()} makes one) whose HMAC-SHA256
     * tag authenticates every event and snapshot stored ({@code INTEGRITY_KEY}); null for none.
     * With it, a record without a valid tag is refused as a {@link DataIntegrityError}.
     */
    public Builder integrityKey(String base64) {
      return put("INTEGRITY_KEY", base64);
    }

    /**
     * With an integrity key, whether records stored without a tag are read too
     * ({@code ACCEPT_UNAUTHENTICATED}, default false): only for records stored before the key was
     * set.
     */
    public Builder acceptUnauthenticated(boolean accept) {
      return put("ACCEPT_UNAUTHENTICATED", Boolean.toString(accept));
    }

    /**
     * The base64 Ed25519 signing key ({@link SigningKeys#generate()}) with which the application
     * signs checkpoints of its notification log ({@code SIGNING_KEY}); null for none.
     */
    public Builder signingKey(String base64) {
      return put("SIGNING_KEY", base64);
    }

    /** A signed checkpoint after at most this many new events ({@code CHECKPOINT_INTERVAL}). */
    public Builder checkpointInterval(int events) {
      return put("CHECKPOINT_INTERVAL", Integer.toString(events));
    }

    /**
     * How many aggregates of each class the repositories keep after loading or saving them
     * ({@code AGGREGATE_CACHE_SIZE}, default 0: none). A get then makes a new copy of the kept
     * state and applies only the events stored after it (reading them every time, so saves from
     * other processes are never missed); a {@link ConcurrencyError} evicts the aggregate. Each kept
     * aggregate costs the size of its snapshot's JSON.
     */
    public Builder aggregateCacheSize(int aggregates) {
      return put("AGGREGATE_CACHE_SIZE", Integer.toString(aggregates));
    }

    private Builder put(String name, String value) {
      if (value == null) {
        values.remove(name);
      } else {
        values.put(name, value);
      }
      return this;
    }

    /**
     * Connects and creates the tables if missing.
     *
     * @throws ConfigurationError naming the setting whose value cannot work
     * @throws PersistenceError if the database cannot be reached
     */
    public Application build() {
      return new Application(
          new HashMap<>(values),
          dataSource,
          transactions,
          onSubscriberFailure,
          observationRegistry,
          meterRegistry);
    }

    /** Where failures of {@link Subscriber}s are reported (default: logged at ERROR). */
    public Builder onSubscriberFailure(Consumer<SubscriberFailure> handler) {
      this.onSubscriberFailure = handler;
      return this;
    }

    /**
     * Reports every save, load and processed notification as a Micrometer observation
     * ({@code recount.save}, {@code recount.load}, {@code recount.process}): spans, with a tracing
     * bridge such as micrometer-tracing's OpenTelemetry bridge; timers, with a meter handler on the
     * registry. Needs {@code io.micrometer:micrometer-observation} on the class path; without a
     * registry (the default) Recount uses none of Micrometer. Names and tags are listed in
     * docs/OBSERVABILITY.md.
     */
    public Builder observationRegistry(ObservationRegistry registry) {
      this.observationRegistry = registry;
      return this;
    }

    /**
     * Counts saves, stored events and conflicts, times saves and loads, and keeps followers'
     * positions and lag as gauges, in this registry. Needs {@code io.micrometer:micrometer-core} on
     * the class path. Names and tags are listed in docs/OBSERVABILITY.md.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }
  }
}
