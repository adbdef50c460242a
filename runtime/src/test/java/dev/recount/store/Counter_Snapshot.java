package dev.recount.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.recount.internal.JsonValues;
import dev.recount.internal.SnapshotMapping;
import java.io.IOException;

/** Captures {@link Counter}'s one non-transient field in snapshots, as the processor would. */
final class Counter_Snapshot implements SnapshotMapping<Counter> {
  static final Counter_Snapshot INSTANCE = new Counter_Snapshot();

  /** Any stable string will do by hand; the processor computes a digest of the fields. */
  static final String FINGERPRINT = "counter-v1-total:int";

  private Counter_Snapshot() {}

  @Override
  public String fingerprint() {
    return FINGERPRINT;
  }

  @Override
  public void write(Counter aggregate, JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeFieldName("total");
    JsonValues.writeInt(json, aggregate.total);
    json.writeEndObject();
  }

  @Override
  public boolean reads(String fingerprint) {
    return FINGERPRINT.equals(fingerprint);
  }

  @Override
  public void read(Counter aggregate, String fingerprint, JsonParser json) throws IOException {
    JsonValues.expectStartObject(json, "snapshot of dev.recount.store.Counter");
    boolean hasTotal = false;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "total":
          aggregate.total = JsonValues.readInt(json);
          hasTotal = true;
          break;
        default:
          json.skipChildren();
      }
    }
    JsonValues.require(hasTotal, "total", "snapshot of dev.recount.store.Counter");
  }
}
