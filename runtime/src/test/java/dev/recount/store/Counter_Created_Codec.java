package dev.recount.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.EventCodec;
import dev.recount.internal.JsonValues;
import java.io.IOException;

/** Writes {@link Counter.Created} (no fields) as an empty JSON object and reads it back. */
final class Counter_Created_Codec implements EventCodec<Counter.Created> {
  static final Counter_Created_Codec INSTANCE = new Counter_Created_Codec();
  static final String TOPIC = "dev.recount.store.Counter.Created";

  private Counter_Created_Codec() {}

  @Override
  public String topic() {
    return TOPIC;
  }

  @Override
  public void write(Counter.Created event, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeEndObject();
  }

  @Override
  public Counter.Created read(JsonParser json) throws IOException {
    JsonValues.expectStartObject(json, "event dev.recount.store.Counter.Created");
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      json.nextToken();
      json.skipChildren();
    }
    return new Counter.Created();
  }
}
