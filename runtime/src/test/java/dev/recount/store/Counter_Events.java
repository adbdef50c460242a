package dev.recount.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.recount.internal.EventMapping;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.Set;

/** The topics and codecs of {@link Counter}'s events, as the processor would generate them. */
final class Counter_Events implements EventMapping {
  static final Counter_Events INSTANCE = new Counter_Events();

  private static final Set<String> TOPICS =
      Set.of(Counter_Created_Codec.TOPIC, Counter_Added_Codec.TOPIC);

  private Counter_Events() {}

  @Override
  public Set<String> topics() {
    return TOPICS;
  }

  @Override
  public String topicOf(Object event) {
    if (event instanceof Counter.Created) {
      return Counter_Created_Codec.TOPIC;
    }
    if (event instanceof Counter.Added) {
      return Counter_Added_Codec.TOPIC;
    }
    throw new IllegalArgumentException(
        "not an event of dev.recount.store.Counter: " + event.getClass().getName());
  }

  @Override
  public void write(Object event, JsonGenerator json) throws IOException {
    if (event instanceof Counter.Created created) {
      Counter_Created_Codec.INSTANCE.write(created, json);
    } else if (event instanceof Counter.Added added) {
      Counter_Added_Codec.INSTANCE.write(added, json);
    } else {
      throw new IllegalArgumentException(
          "not an event of dev.recount.store.Counter: " + event.getClass().getName());
    }
  }

  @Override
  public Object read(String topic, JsonParser json) throws IOException {
    switch (topic) {
      case Counter_Created_Codec.TOPIC:
        return Counter_Created_Codec.INSTANCE.read(json);
      case Counter_Added_Codec.TOPIC:
        return Counter_Added_Codec.INSTANCE.read(json);
      default:
        throw new UnknownTopicException("dev.recount.store.Counter", topic);
    }
  }
}
