package dev.recount;

import dev.recount.internal.Hex;
import dev.recount.internal.Internal;
import dev.recount.internal.Mutator;
import dev.recount.internal.Mutators;
import dev.recount.internal.PendingEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The base class of every {@code @Aggregate}: an id, a version (the number of events applied), the
 * timestamps of its first and latest events, the head of its hash chain, and the events triggered
 * since it was last saved.
 *
 * <p>Subclasses create themselves with {@link #create(Supplier, Object)} and change state only by
 * {@link #trigger(Object) triggering} events, which the generated mutator applies at once through
 * the class's {@code @Apply} methods; saving stores the pending events, loading replays them.
 *
 * <pre>{@code
 * @Aggregate
 * public class World extends AggregateRoot {
 *   final List<String> history = new ArrayList<>();
 *
 *   @Event record Created() {}
 *   @Event record SomethingHappened(String what) {}
 *
 *   public static World create() { return create(World::new, new Created()); }
 *   public void makeItSo(String what) { trigger(new SomethingHappened(what)); }
 *
 *   @Apply void on(Created e) {}
 *   @Apply void on(SomethingHappened e) { history.add(e.what()); }
 * }
 * }</pre>
 */
public abstract class AggregateRoot {
  private UUID id;
  private long version;
  private Instant createdOn;
  private Instant modifiedOn;
  private byte[] head;
  private boolean discarded;
  private Mutator<AggregateRoot> mutator;
  private final List<PendingEvent> pending = new ArrayList<>();

  /** For subclasses; aggregates are made by {@link #create} or by a repository. */
  protected AggregateRoot() {}

  /**
   * Makes a new aggregate with a random id and applies its first event.
   *
   * @param constructor the aggregate's no-argument constructor, such as {@code World::new}
   * @param created the event that starts its history
   */
  protected static <A extends AggregateRoot> A create(Supplier<A> constructor, Object created) {
    return create(constructor, UUID.randomUUID(), created);
  }

  /** Makes a new aggregate with the given id and applies its first event. */
  protected static <A extends AggregateRoot> A create(
      Supplier<A> constructor, UUID id, Object created) {
    A aggregate = constructor.get();
    AggregateRoot root = aggregate;
    root.id = Objects.requireNonNull(id, "id");
    root.trigger(created);
    return aggregate;
  }

  /**
   * Applies {@code event} to this aggregate now, by its {@code @Apply} method, and keeps it to be
   * stored by the next save.
   *
   * @throws IllegalStateException if the aggregate was not made by {@link #create} or was discarded
   */
  protected final void trigger(Object event) {
    Objects.requireNonNull(event, "event");
    if (id == null) {
      throw new IllegalStateException(
          getClass().getName()
              + " has no id: make new aggregates with AggregateRoot.create(...), not with its constructor");
    }
    if (discarded) {
      throw new IllegalStateException(
          "aggregate " + id + " was discarded; it takes no more events");
    }
    Instant timestamp = now();
    apply(event, timestamp);
    pending.add(new PendingEvent(version, timestamp, event));
  }

  /**
   * Ends this aggregate's life: saves after this store a {@link Discarded} event, and the
   * repository no longer finds it (though it still returns its earlier versions).
   */
  public final void discard() {
    trigger(Discarded.INSTANCE);
  }

  /** The aggregate's id. */
  public final UUID id() {
    return id;
  }

  /** The number of events applied to this aggregate, pending ones included. */
  public final long version() {
    return version;
  }

  /** When the aggregate's first event was triggered. */
  public final Instant createdOn() {
    return createdOn;
  }

  /** When the aggregate's latest event was triggered. */
  public final Instant modifiedOn() {
    return modifiedOn;
  }

  /** Whether {@link #discard} was called. */
  public final boolean isDiscarded() {
    return discarded;
  }

  /**
   * The hash of the latest stored event, in hex: it validates the whole stored history, since each
   * event's hash covers the one before. Empty when nothing is stored yet or hashing is off. The
   * same after saving and after loading.
   */
  public final String head() {
    return head == null ? "" : Hex.encode(head);
  }

  /** The events triggered since the aggregate was loaded or last saved, oldest first. */
  public final List<Object> pendingEvents() {
    List<Object> events = new ArrayList<>(pending.size());
    for (PendingEvent event : pending) {
      events.add(event.event());
    }
    return Collections.unmodifiableList(events);
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "{id=" + id + ", version=" + version + "}";
  }

  // ---- used by the runtime's store, through its door ------------------------------------------

  static {
    Internal.register(new Door());
  }

  private void apply(Object event, Instant timestamp) {
    if (event instanceof Discarded) {
      discarded = true;
    } else {
      mutator().apply(this, event);
    }
    version++;
    if (createdOn == null) {
      createdOn = timestamp;
    }
    modifiedOn = timestamp;
  }

  private Mutator<AggregateRoot> mutator() {
    if (mutator == null) {
      mutator = Mutators.of(this);
    }
    return mutator;
  }

  /** How the store reaches the state above without making it part of the API. */
  private static final class Door implements Internal.Aggregates {
    @Override
    public Mutator<AggregateRoot> mutator(AggregateRoot aggregate) {
      return aggregate.mutator();
    }

    @Override
    public List<PendingEvent> pending(AggregateRoot aggregate) {
      return aggregate.pending;
    }

    @Override
    public byte[] head(AggregateRoot aggregate) {
      return aggregate.head;
    }

    @Override
    public void markSaved(AggregateRoot aggregate, byte[] head) {
      aggregate.pending.clear();
      aggregate.head = head;
    }

    @Override
    public void initialise(AggregateRoot aggregate, UUID id, Mutator<AggregateRoot> mutator) {
      aggregate.id = id;
      aggregate.mutator = mutator;
    }

    @Override
    public void apply(AggregateRoot aggregate, Object event, Instant timestamp) {
      aggregate.apply(event, timestamp);
    }

    @Override
    public void restore(
        AggregateRoot aggregate, long version, Instant createdOn, Instant modifiedOn) {
      aggregate.version = version;
      aggregate.createdOn = createdOn;
      aggregate.modifiedOn = modifiedOn;
    }

    @Override
    public void setHead(AggregateRoot aggregate, byte[] head) {
      aggregate.head = head;
    }
  }

  /** Event timestamps are kept to the microsecond, which every supported database stores. */
  private Instant now() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
    if (modifiedOn != null && !now.isAfter(modifiedOn)) {
      now = modifiedOn.plus(1, ChronoUnit.MICROS);
    }
    return now;
  }

  /** The event stored by {@link #discard}; after it, the aggregate is not found. */
  public record Discarded() {
    /** The topic under which discards are stored, whatever the aggregate. */
    public static final String TOPIC = "recount.Discarded";

    static final Discarded INSTANCE = new Discarded();
  }
}
