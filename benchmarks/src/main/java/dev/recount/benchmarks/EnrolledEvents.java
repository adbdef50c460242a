package dev.recount.benchmarks;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.DcbEvents;
import dev.recount.internal.UnknownTopicException;
import java.io.IOException;
import java.util.Set;

/**
 * The codec and tags of {@link Enrolled}, written by hand in the shape the processor generates for
 * tagged events; registered in {@code META-INF/services/dev.recount.internal.DcbEvents}.
 */
public final class EnrolledEvents implements DcbEvents {
  @Override
  public Set<Class<?>> eventClasses() {
    return Set.of(Enrolled.class);
  }

  @Override
  public Set<String> topics() {
    return Set.of(Enrolled.TOPIC);
  }

  @Override
  public String topicOf(Object event) {
    if (event instanceof Enrolled) {
      return Enrolled.TOPIC;
    }
    throw new IllegalArgumentException("not an Enrolled: " + event.getClass().getName());
  }

  @Override
  public Set<String> tagsOf(Object event) {
    Enrolled enrolled = (Enrolled) event;
    return Set.of("student:" + enrolled.student(), "course:" + enrolled.course());
  }

  @Override
  public void write(Object event, JsonGenerator json) throws IOException {
    Enrolled enrolled = (Enrolled) event;
    json.writeStartObject();
    json.writeStringField("student", enrolled.student());
    json.writeStringField("course", enrolled.course());
    json.writeEndObject();
  }

  @Override
  public Object read(String topic, JsonParser json) throws IOException {
    if (!topic.equals(Enrolled.TOPIC)) {
      throw new UnknownTopicException("the benchmark's DCB events", topic);
    }
    String student = null;
    String course = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "student" -> student = json.getText();
        case "course" -> course = json.getText();
        default -> json.skipChildren();
      }
    }
    return new Enrolled(student, course);
  }
}
