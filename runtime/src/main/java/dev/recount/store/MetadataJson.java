package dev.recount.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.recount.Metadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event's {@link Metadata} as JSON, before encryption: {@code {"correlationId": ...,
 * "causationId": ..., "principal": ..., "traceId": ..., "entries": {...}}}, the fields that are set
 * only. Unknown fields are skipped, so that a later version may add some.
 */
final class MetadataJson {
  private static final JsonFactory JSON = new JsonFactory();

  private MetadataJson() {}

  /** The JSON of {@code metadata}; {@code null} if it is empty, which is stored as no metadata. */
  static byte[] write(Metadata metadata) {
    if (metadata == null || metadata.isEmpty()) {
      return null;
    }
    ByteArrayBuilder bytes = new ByteArrayBuilder(128);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      field(json, "correlationId", metadata.correlationId());
      field(json, "causationId", metadata.causationId());
      field(json, "principal", metadata.principal());
      field(json, "traceId", metadata.traceId());
      if (!metadata.entries().isEmpty()) {
        json.writeObjectFieldStart("entries");
        for (Map.Entry<String, String> entry : metadata.entries().entrySet()) {
          json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    return bytes.toByteArray();
  }

  private static void field(JsonGenerator json, String name, String value) throws IOException {
    if (value != null) {
      json.writeStringField(name, value);
    }
  }

  /**
   * The metadata of {@code json}.
   *
   * @throws IOException if it is not metadata's JSON
   * @throws IllegalArgumentException if it breaks the size limits
   */
  static Metadata read(byte[] json) throws IOException {
    String correlationId = null;
    String causationId = null;
    String principal = null;
    String traceId = null;
    Map<String, String> entries = new LinkedHashMap<>();
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("metadata is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "correlationId" -> correlationId = text(parser, field);
          case "causationId" -> causationId = text(parser, field);
          case "principal" -> principal = text(parser, field);
          case "traceId" -> traceId = text(parser, field);
          case "entries" -> {
            if (value != JsonToken.START_OBJECT) {
              throw new IOException("metadata entries are not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String key = parser.currentName();
              parser.nextToken();
              entries.put(key, text(parser, "entry '" + key + "'"));
            }
          }
          default -> parser.skipChildren();
        }
      }
    }
    return new Metadata(correlationId, causationId, principal, traceId, entries);
  }

  private static String text(JsonParser parser, String field) throws IOException {
    if (parser.currentToken() != JsonToken.VALUE_STRING) {
      throw new IOException("metadata " + field + " is not a string");
    }
    return parser.getText();
  }
}
