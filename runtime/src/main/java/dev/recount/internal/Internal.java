package dev.recount.internal;

import dev.recount.AggregateRoot;
import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.observe.Observability;
import dev.recount.store.EventStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The runtime's one door between its own packages. Not API: never call it from hand-written code;
 * it may change in any release.
 *
 * <p>The API types ({@link AggregateRoot}, {@link Application}) keep their machinery
 * package-private, so that users see only what they may call. The store pipeline and the process
 * and HTTP packages still need some of it; rather than widen those members, each API type
 * implements one of the interfaces below in a private class and registers it here when the type is
 * initialised (the JDK's {@code SharedSecrets} pattern). Every caller holds an instance of the type
 * it reaches into, so the type has always been initialised, and its door registered, first.
 */
public final class Internal {
  private static volatile Aggregates aggregates;
  private static volatile Applications applications;

  private Internal() {}

  /** What the event store reads and sets of an aggregate that users cannot. */
  public interface Aggregates {
    /** The aggregate's mutator, found through the service loader the first time. */
    Mutator<AggregateRoot> mutator(AggregateRoot aggregate);

    /** The events triggered since it was loaded or last saved, oldest first; not a copy. */
    List<PendingEvent> pending(AggregateRoot aggregate);

    /** The hash of its latest stored event; {@code null} if none or hashing is off. */
    byte[] head(AggregateRoot aggregate);

    /** Forgets the pending events once they are stored, and takes the new head. */
    void markSaved(AggregateRoot aggregate, byte[] head);

    /** Gives a new instance its id and mutator, before anything is applied. */
    void initialise(AggregateRoot aggregate, UUID id, Mutator<AggregateRoot> mutator);

    /** Applies a stored event, as replay does: version and timestamps follow. */
    void apply(AggregateRoot aggregate, Object event, Instant timestamp);

    /** Sets the version and timestamps of an aggregate restored from a snapshot. */
    void restore(AggregateRoot aggregate, long version, Instant createdOn, Instant modifiedOn);

    /** Sets the head after a load. */
    void setHead(AggregateRoot aggregate, byte[] head);
  }

  /** What process applications, runners and the HTTP log need of an application. */
  public interface Applications {
    /** The application's event store. */
    EventStore store(Application application);

    /**
     * Saves with a tracking record in the same transaction, then tells the application's
     * subscribers.
     */
    List<Notification> saveTracked(
        Application application, List<AggregateRoot> aggregates, Tracking tracking);

    /** The settings a builder holds, by variable name, as {@link EventStore#open} takes them. */
    Map<String, String> environment(Application.Builder builder);

    /** What the application reports to Micrometer, or {@link Observability#none()}. */
    Observability observability(Application application);
  }

  /** Called once, by {@link AggregateRoot}'s initialiser. */
  public static void register(Aggregates door) {
    if (aggregates != null) {
      throw new IllegalStateException("the aggregates' door is already registered");
    }
    aggregates = door;
  }

  /** Called once, by {@link Application}'s initialiser. */
  public static void register(Applications door) {
    if (applications != null) {
      throw new IllegalStateException("the applications' door is already registered");
    }
    applications = door;
  }

  /** The door into aggregates; callers hold an aggregate, so it is registered. */
  public static Aggregates aggregates() {
    return aggregates;
  }

  /** The door into applications; callers hold an application or builder, so it is registered. */
  public static Applications applications() {
    return applications;
  }

  /**
   * Checks the arguments of {@link NotificationLog#select}, for its implementations.
   *
   * @throws IllegalArgumentException if {@code fromId} is less than 1 or {@code limit} is not in
   *     1..{@link NotificationLog#MAX_LIMIT}
   */
  public static void checkSelection(long fromId, int limit) {
    if (fromId < 1) {
      throw new IllegalArgumentException(
          "notification id " + fromId + " is out of range: ids start at 1");
    }
    if (limit < 1 || limit > NotificationLog.MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit " + limit + " is out of range 1.." + NotificationLog.MAX_LIMIT);
    }
  }
}
