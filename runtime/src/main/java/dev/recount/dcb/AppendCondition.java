package dev.recount.dcb;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * When an append must fail: if the store holds an event matching {@link #failIfEventsMatch} at a
 * position after {@link #after} (at any position if {@code after} is empty).
 *
 * <p>For a decision, {@code failIfEventsMatch} is usually the query the decision was made from and
 * {@code after} the {@link ReadResult#head() head} of that read: the append then succeeds only if
 * no event that would have changed the decision was stored since. Without {@code after} it is a
 * guard against any matching event ever stored, such as "this username was never claimed".
 *
 * @param failIfEventsMatch the events whose presence fails the append
 * @param after the last position the decision took into account; events at or before it are not
 *     checked. It may be higher than the last matching event's position. Empty: no event is
 *     ignored.
 */
public record AppendCondition(Query failIfEventsMatch, OptionalLong after) {
  public AppendCondition {
    Objects.requireNonNull(failIfEventsMatch, "failIfEventsMatch");
    Objects.requireNonNull(after, "after");
    if (after.isPresent() && after.getAsLong() < 0) {
      throw new IllegalArgumentException(
          "after is " + after.getAsLong() + ": positions are 1 or more (0: before the first)");
    }
  }

  /** Fails if any event matching {@code query} is stored, at any position. */
  public static AppendCondition failIfEventsMatch(Query query) {
    return new AppendCondition(query, OptionalLong.empty());
  }

  /** Fails if an event matching {@code query} is stored after {@code position}. */
  public static AppendCondition failIfEventsMatch(Query query, long position) {
    return new AppendCondition(query, OptionalLong.of(position));
  }
}
