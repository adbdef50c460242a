package dev.recount;

import dev.recount.internal.Mutator;
import dev.recount.observe.Observability;
import dev.recount.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Loads and saves the aggregates of one class. The processor generates a subclass for each
 * {@code @Aggregate}, such as {@code WorldRepository}, with a static {@code of(Application)}.
 *
 * @param <A> the aggregate class
 */
public abstract class Repository<A extends AggregateRoot> {
  private final Application application;
  private final Mutator<A> mutator;

  /** For generated repositories. */
  protected Repository(Application application, Mutator<A> mutator) {
    this.application = Objects.requireNonNull(application, "application");
    this.mutator = mutator;
  }

  /**
   * The aggregate's current state, replayed from its stored events (from its newest snapshot, if
   * any). With {@code AGGREGATE_CACHE_SIZE} set, a recently loaded or saved aggregate is instead a
   * new copy of its cached state with only the events stored since applied (read from the database
   * every time, so saves of other processes are never missed).
   *
   * @throws AggregateNotFound if nothing is stored for {@code id}, or it was discarded
   * @throws DataIntegrityError if a stored record fails its checks
   */
  public final A get(UUID id) {
    A aggregate = load(id, Long.MAX_VALUE);
    if (aggregate.isDiscarded()) {
      throw new AggregateNotFound(id, "it was discarded at version " + aggregate.version());
    }
    return aggregate;
  }

  /**
   * The aggregate's state as it was at {@code version} (its latest state, if it has fewer events).
   * Earlier versions of a discarded aggregate can still be read.
   *
   * @throws IllegalArgumentException if {@code version} is less than 1
   * @throws AggregateNotFound if nothing is stored for {@code id}, or it was discarded by then
   */
  public final A get(UUID id, long version) {
    if (version < 1) {
      throw new IllegalArgumentException(
          "version " + version + " of " + id + " does not exist: versions start at 1");
    }
    A aggregate = load(id, version);
    if (aggregate.isDiscarded()) {
      throw new AggregateNotFound(id, "it was discarded at version " + aggregate.version());
    }
    return aggregate;
  }

  /** The aggregate's current state, or empty if it is not stored or was discarded. */
  public final Optional<A> find(UUID id) {
    A aggregate = observedLoad(Objects.requireNonNull(id, "id"), Long.MAX_VALUE);
    return aggregate == null || aggregate.isDiscarded() ? Optional.empty() : Optional.of(aggregate);
  }

  /** Whether an aggregate with this id is stored and not discarded. */
  public final boolean contains(UUID id) {
    return application.store().contains(Objects.requireNonNull(id, "id"));
  }

  /**
   * Stores the aggregates' pending events in one transaction, all or none.
   *
   * @return the position (notification id) of the last event stored; 0 if there was nothing
   * @throws ConcurrencyError if one of them is stale
   */
  @SafeVarargs
  public final long save(A... aggregates) {
    return application.save(aggregates);
  }

  /** A query over the stored events of one aggregate, such as {@code events(id).from(2).list()}. */
  public final EventQuery events(UUID id) {
    return new EventQuery(application.store(), mutator, Objects.requireNonNull(id, "id"));
  }

  /**
   * Takes a snapshot of the aggregate's current state now, whatever the snapshot interval, and
   * stores it; loads then start from it. A snapshot already stored at that version is kept.
   *
   * @return the snapshot as stored
   * @throws AggregateNotFound if nothing is stored for {@code id}
   * @throws IllegalStateException if the aggregate was discarded, or its class is declared
   *     {@code @Aggregate(snapshotInterval = -1)}: never snapshotted
   */
  public final StoredSnapshot takeSnapshot(UUID id) {
    return application
        .store()
        .takeSnapshot(mutator, Objects.requireNonNull(id, "id"), Long.MAX_VALUE);
  }

  /**
   * Takes a snapshot of the aggregate's state at {@code version} and stores it: loads at or after
   * that version (and before a later snapshot) then start from it.
   *
   * @throws IllegalArgumentException if the aggregate has no such version
   * @throws AggregateNotFound if nothing is stored for {@code id}
   * @throws IllegalStateException if the aggregate was discarded by then, or its class is declared
   *     {@code @Aggregate(snapshotInterval = -1)}
   */
  public final StoredSnapshot takeSnapshot(UUID id, long version) {
    if (version == Long.MAX_VALUE) {
      throw new IllegalArgumentException("version " + version + " does not exist");
    }
    return application.store().takeSnapshot(mutator, Objects.requireNonNull(id, "id"), version);
  }

  /** The aggregate's stored snapshots, oldest first, as stored. */
  public final List<StoredSnapshot> snapshots(UUID id) {
    return application.store().snapshots(Objects.requireNonNull(id, "id"));
  }

  /**
   * Sets how often saves of this aggregate class take a snapshot in this application, from now on,
   * over {@code @Aggregate(snapshotInterval)} and {@code SNAPSHOTTING_INTERVAL}: for every
   * repository of the class in this application, not in other processes.
   *
   * @param events a snapshot each time a save reaches a multiple of this version; 0 for none
   * @throws IllegalArgumentException if {@code events} is negative
   * @throws IllegalStateException if {@code events} is positive and the class is declared
   *     {@code @Aggregate(snapshotInterval = -1)}
   */
  public final void setSnapshotInterval(int events) {
    application.store().setSnapshotInterval(mutator, events);
  }

  /** How often saves of this aggregate class take a snapshot now, in events; 0 for never. */
  public final int snapshotInterval() {
    return Math.max(0, application.store().snapshotInterval(mutator));
  }

  /** The application this repository reads from and saves to. */
  public final Application application() {
    return application;
  }

  private A load(UUID id, long version) {
    A aggregate = observedLoad(Objects.requireNonNull(id, "id"), version);
    if (aggregate == null) {
      throw new AggregateNotFound(id, "no events are stored for it");
    }
    return aggregate;
  }

  private A observedLoad(UUID id, long version) {
    Observability.Span span = application.observability().load(mutator.aggregateClass());
    try {
      A aggregate = application.store().load(mutator, id, version);
      if (aggregate == null) {
        span.skipped();
      } else {
        span.succeeded(0);
      }
      return aggregate;
    } catch (RuntimeException | Error e) {
      span.failed(e);
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * Selects events of one aggregate by version: a range (both ends inclusive), an order and a
   * limit. Each event's hash is checked, and the chain between consecutive ones.
   */
  public static final class EventQuery {
    private final EventStore store;
    private final Mutator<? extends AggregateRoot> mutator;
    private final UUID id;
    private long from = 1;
    private long to = Long.MAX_VALUE;
    private boolean descending;
    private int limit = Integer.MAX_VALUE;

    EventQuery(EventStore store, Mutator<? extends AggregateRoot> mutator, UUID id) {
      this.store = store;
      this.mutator = mutator;
      this.id = id;
    }

    /** Only events at or after this version. */
    public EventQuery from(long version) {
      this.from = Math.max(1, version);
      return this;
    }

    /** Only events at or before this version. */
    public EventQuery to(long version) {
      this.to = version;
      return this;
    }

    /** Newest first. */
    public EventQuery descending() {
      this.descending = true;
      return this;
    }

    /** At most this many events. */
    public EventQuery limit(int count) {
      if (count < 0) {
        throw new IllegalArgumentException("limit " + count + " is negative");
      }
      this.limit = count;
      return this;
    }

    /** Runs the query. */
    public List<RecordedEvent> list() {
      if (from > to || limit == 0) {
        return new ArrayList<>();
      }
      return store.events(id, from, to, descending, limit, mutator);
    }
  }
}
