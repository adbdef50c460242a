package dev.recount.dcb;

import dev.recount.RecountException;
import java.util.Set;

/**
 * An append was refused because its {@link AppendCondition} failed: an event matching the
 * condition's query is stored after the condition's {@code after}. Nothing of the append was
 * written. Read again, decide again, and append with the new head.
 */
public final class AppendConditionFailed extends RecountException {
  private static final long serialVersionUID = 1L;

  private final long position;
  private final String type;
  /** An array, not a set: the exception stays serializable. */
  private final String[] tags;

  /**
   * @param condition the condition that failed
   * @param position the position of the first stored event that matches it
   * @param type that event's type
   * @param tags that event's tags
   */
  public AppendConditionFailed(
      AppendCondition condition, long position, String type, Set<String> tags) {
    super("append condition failed: the event at position " + position + " (type " + type
        + ", tags " + tags + ") matches " + condition.failIfEventsMatch().items()
        + (condition.after().isPresent()
            ? " and is after position " + condition.after().getAsLong()
            : " (no position given: any matching event fails the append)")
        + "; nothing was written");
    this.position = position;
    this.type = type;
    this.tags = tags.toArray(String[]::new);
  }

  /** The position of the first stored event that matches the condition. */
  public long position() {
    return position;
  }

  /** That event's type. */
  public String type() {
    return type;
  }

  /** That event's tags. */
  public Set<String> tags() {
    return Set.of(tags);
  }
}
