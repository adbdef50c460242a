package dev.recount.processor;

import dev.recount.processor.Models.EventModel;
import java.util.HashMap;
import java.util.Map;
import javax.lang.model.element.TypeElement;

/**
 * Checks that every topic, and every alias, names one event only, across all rounds of the
 * compilation; the first event to claim a topic keeps it.
 */
final class TopicValidator {
  private final Diagnostics diagnostics;
  /** Topics and aliases of the events read so far, with the event that has each. */
  private final Map<String, String> topics = new HashMap<>();
  /** The topic of each event read so far, by the event's canonical name. */
  private final Map<String, String> topicOfEvent = new HashMap<>();

  TopicValidator(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /**
   * Claims the topic and aliases of {@code model}, read from {@code event}; a clash is reported at
   * the topic (or alias) and makes the event invalid.
   */
  Validation<EventModel> claim(TypeElement event, EventModel model) {
    String clash = topics.putIfAbsent(model.topic(), model.event().canonicalName());
    if (clash != null) {
      diagnostics.errorAtMember(
          event, Names.EVENT, "topic", Message.EVENT_TOPIC_DUPLICATE, model.topic(), clash);
      return Validation.invalid();
    }
    topicOfEvent.put(model.event().canonicalName(), model.topic());
    boolean claimed = true;
    for (String alias : model.aliases()) {
      String aliasClash = topics.putIfAbsent(alias, model.event().canonicalName());
      if (aliasClash != null) {
        diagnostics.errorAtMember(
            event, Names.EVENT, "aliases", Message.EVENT_TOPIC_DUPLICATE, alias, aliasClash);
        claimed = false;
      }
    }
    return claimed ? Validation.valid(model) : Validation.invalid();
  }

  /** Whether an event of this compilation has {@code topic} as its topic or as an alias. */
  boolean claimed(String topic) {
    return topics.containsKey(topic);
  }

  /** The topic of {@code event} (a canonical name), if it is an event of this compilation. */
  String topicOf(String event) {
    return topicOfEvent.get(event);
  }
}
