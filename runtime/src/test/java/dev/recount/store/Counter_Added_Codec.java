package dev.recount.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.EventCodec;
import dev.recount.internal.JsonValues;
import java.io.IOException;

/** Writes {@link Counter.Added} as {@code {"n":...}} and reads it back. */
final class Counter_Added_Codec implements EventCodec<Counter.Added> {
  static final Counter_Added_Codec INSTANCE = new Counter_Added_Codec();
  static final String TOPIC = "dev.recount.store.Counter.Added";

  private Counter_Added_Codec() {}

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public void write(Counter.Added event, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeFieldName("n");
    JsonValues.writeInt(json, event.n());
    json.writeEndObject();
  }

  @Override
  public Counter.Added read(JsonParser json) throws IOException {
    JsonValues.expectStartObject(json, "event dev.recount.store.Counter.Added");
    int n = 0;
    boolean hasN = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "n":
          n = JsonValues.readInt(json);
          hasN = true;
          break;
        default:
          // A field this shape does not have (written by another version): skipped.
          json.skipChildren();
      }
    }
    JsonValues.require(hasN, "n", "event dev.recount.store.Counter.Added");
    return new Counter.Added(n);
  }
}
