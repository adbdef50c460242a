package dev.recount;

import dev.recount.internal.Recorder;
import dev.recount.jooq.Recorders;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * An event-sourced application: one event store in one database, and the way to save aggregates
 * into it. Configure it from the environment ({@link #fromEnvironment()}) or with a {@link
 * #builder()}; close it to release its connections. Load aggregates with the generated
 * repositories, such as {@code WorldRepository.of(app)}.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>variable</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>DB_URI</td><td>JDBC URL of the database (H2, PostgreSQL, MariaDB)</td>
 *       <td>a private in-memory H2 database</td></tr>
 *   <tr><td>DB_USER, DB_PASSWORD</td><td>its credentials</td><td>none</td></tr>
 *   <tr><td>CIPHER_KEY</td><td>base64 AES key ({@link CipherKeys#generate()}): encrypts stored
 *       state</td><td>no encryption</td></tr>
 *   <tr><td>COMPRESSOR</td><td>{@code zlib} or {@code none}</td><td>none</td></tr>
 *   <tr><td>SNAPSHOTTING_INTERVAL</td><td>a snapshot every N events</td><td>0 (none)</td></tr>
 *   <tr><td>HASH_CHAIN</td><td>hash and chain every stored record, and check on load</td>
 *       <td>true</td></tr>
 *   <tr><td>TABLE_PREFIX</td><td>prefix of the table names</td><td>{@code recount_}</td></tr>
 *   <tr><td>CREATE_TABLES</td><td>create missing tables at start</td><td>true</td></tr>
 *   <tr><td>DB_POOL_SIZE</td><td>maximum open connections</td><td>10</td></tr>
 * </table>
 */
public final class Application implements AutoCloseable {
  private final Settings settings;
  private final EventStore store;
  private final NotificationLog log;
  private final Subscribers subscribers;

  private Application(Settings settings, Consumer<SubscriberFailure> onSubscriberFailure) {
    this.settings = settings;
    this.subscribers = new Subscribers(onSubscriberFailure);
    Recorder recorder = Recorders.open(settings.dbUri(), settings.dbUser(), settings.dbPassword(),
        settings.tablePrefix(), settings.createTables(), settings.poolSize());
    this.store = new EventStore(recorder, new Transcoder(settings.compression(),
        settings.cipher()), settings.hashChain(), settings.snapshottingInterval());
    this.log = new LocalNotificationLog(store);
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
   * Stores the pending events of the given aggregates, all or none, in one transaction.
   *
   * @throws ConcurrencyError if any of them is stale (another save stored its next version first)
   * @throws PersistenceError if the database fails; nothing was written
   */
  public void save(AggregateRoot... aggregates) {
    save(Arrays.asList(aggregates));
  }

  /** Stores the pending events of the given aggregates, all or none, in one transaction. */
  public void save(Collection<? extends AggregateRoot> aggregates) {
    for (AggregateRoot aggregate : aggregates) {
      Objects.requireNonNull(aggregate, "aggregate");
    }
    List<Notification> saved = store.save(new ArrayList<>(aggregates));
    if (!saved.isEmpty() && !subscribers.isEmpty()) {
      subscribers.deliver(saved);
    }
  }

  /** Saves with a tracking record in the same transaction (process applications). */
  void saveTracked(List<AggregateRoot> aggregates, dev.recount.internal.Tracking tracking) {
    List<Notification> saved = store.save(aggregates, tracking);
    if (!saved.isEmpty() && !subscribers.isEmpty()) {
      subscribers.deliver(saved);
    }
  }

  /** This application's notification log: every stored event, in an order that never skips. */
  public NotificationLog log() {
    return log;
  }

  /**
   * Calls {@code subscriber} with every event this application stores from now on, after its save
   * commits. Failures are reported to the builder's {@code onSubscriberFailure} handler (by default,
   * logged at ERROR through {@link System.Logger}).
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
    List<RecordedEvent> events = new ArrayList<>();
    byte[] previous = null;
    for (StoredEvent event : store.recorder().events(aggregateId, 1, Long.MAX_VALUE, false,
        Integer.MAX_VALUE)) {
      store.decoder().checkNext(event, events.size() + 1, previous);
      events.add(store.decoder().recorded(event));
      previous = event.hash();
    }
    return events;
  }

  /**
   * The records of an aggregate's events exactly as stored (encrypted, if a key is set), oldest
   * first, unchecked: what an auditor or a tamper test sees.
   */
  public List<StoredEvent> storedEvents(UUID aggregateId) {
    return store.recorder().events(aggregateId, 1, Long.MAX_VALUE, false, Integer.MAX_VALUE);
  }

  /**
   * Checks that the aggregate's stored history is intact and ends at {@code head}, a hash kept
   * somewhere the database's writers cannot reach: since each hash covers the one before, one
   * trusted head validates every event up to it.
   *
   * @throws DataIntegrityError if an event fails its check, or the history ends elsewhere
   */
  public void verify(UUID aggregateId, String head) {
    if (!settings.hashChain()) {
      throw new IllegalStateException("HASH_CHAIN is off: stored events carry no hashes to verify");
    }
    List<RecordedEvent> events = events(aggregateId);
    String last = events.isEmpty() ? "" : events.get(events.size() - 1).hash();
    if (!last.equals(head)) {
      throw new DataIntegrityError(aggregateId, events.size(), "the stored history ends at hash "
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
    return new Auditor(store).audit();
  }

  EventStore store() {
    return store;
  }

  Settings settings() {
    return settings;
  }

  /** Closes the connection pool (and drops a private in-memory database). */
  @Override
  public void close() {
    store.recorder().close();
  }

  /** Settings for an {@link Application}; values set here win over the environment's. */
  public static final class Builder {
    private final Map<String, String> values = new HashMap<>();
    private Consumer<SubscriberFailure> onSubscriberFailure;

    private Builder() {}

    /** Takes every setting this map has (such as {@code System.getenv()}), by variable name. */
    public Builder environment(Map<String, String> environment) {
      for (String name : List.of(Settings.DB_URI, Settings.DB_USER, Settings.DB_PASSWORD,
          Settings.CIPHER_KEY, Settings.COMPRESSOR, Settings.SNAPSHOTTING_INTERVAL,
          Settings.HASH_CHAIN, Settings.TABLE_PREFIX, Settings.CREATE_TABLES,
          Settings.DB_POOL_SIZE)) {
        if (environment.containsKey(name)) {
          values.put(name, environment.get(name));
        }
      }
      return this;
    }

    /** The JDBC URL ({@code DB_URI}); {@code null} for a private in-memory H2 database. */
    public Builder dbUri(String jdbcUrl) {
      return put(Settings.DB_URI, jdbcUrl);
    }

    /** The database user ({@code DB_USER}). */
    public Builder dbUser(String user) {
      return put(Settings.DB_USER, user);
    }

    /** The database password ({@code DB_PASSWORD}). */
    public Builder dbPassword(String password) {
      return put(Settings.DB_PASSWORD, password);
    }

    /** The base64 AES key that encrypts stored state ({@code CIPHER_KEY}); null for none. */
    public Builder cipherKey(String base64) {
      return put(Settings.CIPHER_KEY, base64);
    }

    /** {@code "zlib"} or {@code "none"} ({@code COMPRESSOR}). */
    public Builder compressor(String name) {
      return put(Settings.COMPRESSOR, name);
    }

    /** A snapshot every {@code events} events; 0 for none ({@code SNAPSHOTTING_INTERVAL}). */
    public Builder snapshottingInterval(int events) {
      return put(Settings.SNAPSHOTTING_INTERVAL, Integer.toString(events));
    }

    /** Whether records are hashed, chained and checked ({@code HASH_CHAIN}, default true). */
    public Builder hashChain(boolean on) {
      return put(Settings.HASH_CHAIN, Boolean.toString(on));
    }

    /** The prefix of the table names ({@code TABLE_PREFIX}, default {@code recount_}). */
    public Builder tablePrefix(String prefix) {
      return put(Settings.TABLE_PREFIX, prefix);
    }

    /** Whether missing tables are created at start ({@code CREATE_TABLES}, default true). */
    public Builder createTables(boolean create) {
      return put(Settings.CREATE_TABLES, Boolean.toString(create));
    }

    /** The most connections the pool opens ({@code DB_POOL_SIZE}, default 10). */
    public Builder poolSize(int connections) {
      return put(Settings.DB_POOL_SIZE, Integer.toString(connections));
    }

    private Builder put(String name, String value) {
      if (value == null) {
        values.remove(name);
      } else {
        values.put(name, value);
      }
      return this;
    }

    /** The settings this builder holds, parsed (runners read a leader's database and key). */
    Settings settings() {
      return Settings.parse(values);
    }

    /**
     * Connects and creates the tables if missing.
     *
     * @throws ConfigurationError naming the setting whose value cannot work
     * @throws PersistenceError if the database cannot be reached
     */
    public Application build() {
      return new Application(Settings.parse(values), onSubscriberFailure);
    }

    /** Where failures of {@link Subscriber}s are reported (default: logged at ERROR). */
    public Builder onSubscriberFailure(Consumer<SubscriberFailure> handler) {
      this.onSubscriberFailure = handler;
      return this;
    }
  }
}
