package dev.recount.dcb;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.DcbEvents;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The topics, codecs and tags of {@link Marked} and {@link Other}, written by hand as the processor
 * would generate them; registered in {@code META-INF/services/dev.recount.internal.DcbEvents}.
 */
public final class TestDcbEvents implements DcbEvents {
  @Override
  public Set<Class<?>> eventClasses() {
    return Set.of(Marked.class, Other.class);
  }

  @Override
  public Set<String> topics() {
    return Set.of(Marked.TOPIC, Other.TOPIC);
  }

  @Override
  public String topicOf(Object event) {
    if (event instanceof Marked) {
      return Marked.TOPIC;
    }
    if (event instanceof Other) {
      return Other.TOPIC;
    }
    throw new IllegalArgumentException(
        "not a test DCB event: " + event.getClass().getName());
  }

  @Override
  public Set<String> tagsOf(Object event) {
    if (event instanceof Marked marked) {
      return marked.tags();
    }
    return ((Other) event).tags();
  }

  @Override
  public void write(Object event, JsonGenerator json) throws IOException {
    String label = event instanceof Marked marked ? marked.label() : ((Other) event).label();
    json.writeStartObject();
    json.writeStringField("label", label);
    json.writeArrayFieldStart("tags");
    for (String tag : tagsOf(event).stream().sorted().toList()) {
      json.writeString(tag);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  @Override
  public Object read(String topic, JsonParser json) throws IOException {
    String label = null;
    Set<String> tags = new HashSet<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      if (field.equals("label")) {
        label = json.getText();
      } else if (field.equals("tags")) {
        while (json.nextToken() != JsonToken.END_ARRAY) {
          tags.add(json.getText());
        }
      } else {
        json.skipChildren();
      }
    }
    switch (topic) {
      case Marked.TOPIC:
        return new Marked(label, tags);
      case Other.TOPIC:
        return new Other(label, tags);
      default:
        throw new UnknownTopicException("the test DCB events", topic);
    }
  }
}
