package dev.recount.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Set;

/**
 * The events of one aggregate type, by topic: which topic an event object is stored under, and how
 * to write and read each. Implemented by the generated {@code *_Events} classes, which dispatch to
 * the per-event {@link EventCodec}s with plain {@code instanceof} and {@code switch}.
 */
public interface EventMapping {
  /** The topics of all events of the aggregate, for the notification log's topic filters. */
  Set<String> topics();

  /**
   * The topic of {@code event}.
   *
   * @throws IllegalArgumentException if it is not one of the aggregate's events
   */
  String topicOf(Object event);

  /** Writes {@code event} (of a type for which {@link #topicOf} answers) as JSON. */
  void write(Object event, JsonGenerator json) throws IOException;

  /**
   * Reads an event stored under {@code topic}.
   *
   * @throws UnknownTopicException if the aggregate has no event with that topic
   */
  Object read(String topic, JsonParser json) throws IOException;

  /**
   * The tags of {@code event} (of a type for which {@link #topicOf} answers), for Dynamic
   * Consistency Boundaries ({@code dev.recount.dcb}): stored with the event and matched by queries.
   * Generated from the event's tagged components; none by default. Each tag is 1 to 255 characters.
   */
  default Set<String> tagsOf(Object event) {
    return Set.of();
  }
}
