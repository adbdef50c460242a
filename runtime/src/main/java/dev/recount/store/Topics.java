package dev.recount.store;

import dev.recount.AggregateRoot;
import dev.recount.internal.Mutator;
import dev.recount.internal.Mutators;
import java.util.HashMap;
import java.util.Map;

/**
 * Which aggregate class owns each stored topic, over every registered mutator: how the notification
 * log and the auditor decode an event without knowing its aggregate in advance.
 */
final class Topics {
  private static final Map<String, Mutator<AggregateRoot>> OWNERS = index();

  private Topics() {}

  /** The mutator whose aggregate has an event with this topic, or {@code null}. */
  static Mutator<AggregateRoot> owner(String topic) {
    return OWNERS.get(topic);
  }

  /**
   * Why an event stored under {@code topic}, which no event on the class path has (neither an
   * aggregate's nor a standalone one appended through dev.recount.dcb), cannot be read, and the two
   * ways to make it readable again.
   */
  static String unknown(String topic) {
    return "no event on the class path has the topic '" + topic + "' (no aggregate's @Event, no"
        + " @Event(standalone = true)); if its event was renamed or moved, keep the old topic on"
        + " the record with @Event(topic = \"" + topic + "\"), or list it in the"
        + " @Event(aliases = ...) of the event that replaces it";
  }

  private static Map<String, Mutator<AggregateRoot>> index() {
    Map<String, Mutator<AggregateRoot>> owners = new HashMap<>();
    for (Mutator<AggregateRoot> mutator : Mutators.all().values()) {
      for (String topic : mutator.events().topics()) {
        Mutator<AggregateRoot> other = owners.putIfAbsent(topic, mutator);
        if (other != null && other != mutator) {
          throw new IllegalStateException("the topic '" + topic + "' is used by events of both "
              + other.aggregateClass().getName() + " and "
              + mutator.aggregateClass().getName()
              + "; give one of them another @Event(topic = ...)");
        }
      }
    }
    return Map.copyOf(owners);
  }
}
