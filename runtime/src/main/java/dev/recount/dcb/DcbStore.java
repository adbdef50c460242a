package dev.recount.dcb;

import dev.recount.Application;
import dev.recount.internal.Internal;
import dev.recount.store.EventStore;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Dynamic Consistency Boundaries over an application's store: read the events a decision depends
 * on, by type and tag, then append new events only if nothing that would change the decision was
 * stored meanwhile (the dcb.events specification; docs/DCB.md).
 *
 * <pre>{@code
 * DcbStore dcb = DcbStore.of(app);
 * Query query = Query.of(QueryItem.tags("username:alice"));
 * ReadResult read = dcb.read(query);
 * if (read.events().isEmpty()) {
 *   dcb.append(List.of(new UsernameClaimed("alice", accountId)),
 *       AppendCondition.failIfEventsMatch(query, read.head()));
 * }
 * }</pre>
 *
 * <p>The events appended here have no aggregate: their classes are registered, with their codecs
 * and tags, by generated code ({@link dev.recount.internal.DcbEvents}). They are stored in the
 * application's events table, so they are in its notification log (a position is a notification
 * id), hashed, encrypted and audited like an aggregate's. Events of aggregates whose events declare
 * tags are matched by the same queries.
 *
 * <p>Appends are linearizable, on every database, against every other append and every save of
 * aggregates, conditional or not: an append whose condition holds was, at the moment it was stored,
 * preceded by no matching event after its {@code after}; of two appends that would each break the
 * other's condition, one fails. Thread-safe; as cheap to make as the application is.
 */
public final class DcbStore {
  /** Positions start at 1; a read "after 0" reads from the start. */
  private static final long BEFORE_FIRST = 0;

  private final Application application;
  private final EventStore store;

  private DcbStore(Application application) {
    this.application = application;
    this.store = Internal.applications().store(application);
  }

  /** The DCB operations on {@code application}'s store. */
  public static DcbStore of(Application application) {
    return new DcbStore(Objects.requireNonNull(application, "application"));
  }

  /** Every event matching {@code query}, and the head, as of one moment. */
  public ReadResult read(Query query) {
    return read(query, OptionalLong.empty(), Integer.MAX_VALUE);
  }

  /**
   * The events matching {@code query} at positions after {@code after} (from the first if empty),
   * by position, at most {@code limit}; and the store's head at that same moment. Each event's hash
   * is checked before it is decoded.
   *
   * @throws IllegalArgumentException if {@code limit} is less than 1 or {@code after} negative
   * @throws dev.recount.DataIntegrityError if a stored event fails its check
   */
  public ReadResult read(Query query, OptionalLong after, int limit) {
    Objects.requireNonNull(query, "query");
    if (limit < 1) {
      throw new IllegalArgumentException("limit " + limit + " is less than 1");
    }
    long from = after.orElse(BEFORE_FIRST);
    if (from < 0) {
      throw new IllegalArgumentException("after is " + from + ": positions are 1 or more");
    }
    return store.dcbRead(query, from, limit);
  }

  /**
   * Appends the events, all or none, with no condition.
   *
   * @return the events as stored, with their positions, in order
   * @throws IllegalArgumentException if the list is empty or an event's class is not a registered
   *     DCB event, or a tag is empty or longer than 255 characters; nothing was written
   * @throws dev.recount.PersistenceError if the database fails; nothing was written
   */
  public List<SequencedEvent> append(List<?> events) {
    return append(events, null);
  }

  /**
   * Appends the events, all or none, if {@code condition} holds: if no event matching its query is
   * stored after its {@code after}. The check and the append are one atomic, linearizable step.
   *
   * @param condition {@code null} for none
   * @return the events as stored, with their positions (consecutive), in order
   * @throws AppendConditionFailed naming the first stored event that matches; nothing was written
   * @throws IllegalArgumentException if the list is empty or an event's class is not a registered
   *     DCB event, or a tag is empty or longer than 255 characters; nothing was written
   * @throws dev.recount.PersistenceError if the database fails; nothing was written
   * @throws dev.recount.CommitOutcomeUnknown if the connection broke while committing
   */
  public List<SequencedEvent> append(List<?> events, AppendCondition condition) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("nothing to append: the list of events is empty");
    }
    for (Object event : events) {
      Objects.requireNonNull(event, "event");
    }
    EventStore.Appended appended = store.dcbAppend(List.copyOf(events), condition);
    Internal.applications().deliver(application, appended.notifications());
    return appended.events();
  }
}
