package dev.recount.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import dev.recount.StoredEvent;
import dev.recount.internal.Hex;
import dev.recount.internal.JsonValues;
import dev.recount.internal.StoredDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The JSON of a page of the remote notification log. Records travel as stored (state in base64,
 * still encrypted if it was), so the server needs no key and the follower checks each record's hash
 * itself before decoding. {@code metadata} is there only for an event that has metadata, also as
 * stored (base64 of its format byte and JSON, encrypted with the state's key when the state is).
 *
 * <pre>{@code
 * {"from": 1, "limit": 100, "max_id": 7, "gap_free": true,
 *  "items": [{"id": 1, "originator_id": "...", "originator_version": 1, "topic": "...",
 *             "timestamp_us": 1732400000000000, "state": "base64", "previous_hash": "hex",
 *             "hash": "hex", "metadata": "base64"}],
 *  "next": "/notifications?from=8&limit=100", "previous": null,
 *  "checkpoint": "recount-checkpoint/1 ...", "signed_start": null,
 *  "signed": [{"line": "recount-checkpoint/1 ...", "entries": "base64"}]}
 * }</pre>
 *
 * <p>{@code gap_free} says whether the server's database assigns ids without gaps (H2, MariaDB), so
 * that a follower can tell a dropped item from a gap; a page without it is refused.
 *
 * <p>{@code checkpoint} is the newest signed checkpoint of the log (null if none). Asked with
 * {@code signed=true}, a page also carries the signed checkpoints that cover its ids, each with the
 * entries its chain runs over, and the line of the checkpoint before the first
 * ({@code signed_start}, null at the start of the log), where that chain starts: what a follower
 * with the verifying key needs to check the page against them ({@link SignedPages}).
 */
final class NotificationPages {
  private static final JsonFactory JSON = new JsonFactory();

  private NotificationPages() {}

  /** A page as read back by a follower. */
  record Page(
      List<StoredEvent> items,
      long maxId,
      Boolean gapFree,
      String next,
      String previous,
      Signatures signatures) {}

  /**
   * What a page carries of the log's signed checkpoints.
   *
   * @param newest the newest checkpoint's line; {@code null} if the log has none
   * @param start the line of the checkpoint before the first of {@code covering}; {@code null} if
   *     they start at the log's start
   * @param covering the checkpoints that cover the page's ids, oldest first
   */
  record Signatures(String newest, String start, List<Signed> covering) {
    static final Signatures NONE = new Signatures(null, null, List.of());
  }

  /** A checkpoint's line and the entries its chain runs over since the one before. */
  record Signed(String line, byte[] entries) {}

  static byte[] write(
      long from,
      int limit,
      long maxId,
      boolean gapFree,
      List<StoredEvent> items,
      String next,
      String previous,
      Signatures signatures) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(1024);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeNumberField("from", from);
      json.writeNumberField("limit", limit);
      json.writeNumberField("max_id", maxId);
      json.writeBooleanField("gap_free", gapFree);
      json.writeArrayFieldStart("items");
      for (StoredEvent item : items) {
        json.writeStartObject();
        json.writeNumberField("id", item.notificationId());
        json.writeStringField("originator_id", item.originatorId().toString());
        json.writeNumberField("originator_version", item.originatorVersion());
        json.writeStringField("topic", item.topic());
        json.writeNumberField("timestamp_us", item.timestampMicros());
        json.writeFieldName("state");
        json.writeBinary(item.state());
        json.writeStringField("previous_hash", Hex.encode(item.previousHash()));
        json.writeStringField("hash", Hex.encode(item.hash()));
        if (item.metadata() != null) {
          json.writeFieldName("metadata");
          json.writeBinary(item.metadata());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeStringField("next", next);
      json.writeStringField("previous", previous);
      json.writeStringField("checkpoint", signatures.newest());
      if (!signatures.covering().isEmpty()) {
        json.writeStringField("signed_start", signatures.start());
        json.writeArrayFieldStart("signed");
        for (Signed signed : signatures.covering()) {
          json.writeStartObject();
          json.writeStringField("line", signed.line());
          json.writeFieldName("entries");
          json.writeBinary(signed.entries());
          json.writeEndObject();
        }
        json.writeEndArray();
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] error(String message) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(256);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeStringField("error", message);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static byte[] max(long maxId) {
    return ("{\"max_id\":" + maxId + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  static Page read(byte[] body) throws IOException {
    List<StoredEvent> items = new ArrayList<>();
    long maxId = 0;
    Boolean gapFree = null;
    String next = null;
    String previous = null;
    String newest = null;
    String start = null;
    List<Signed> covering = new ArrayList<>();
    try (JsonParser json = JSON.createParser(body)) {
      json.nextToken();
      JsonValues.expectStartObject(json, "notification page");
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        json.nextToken();
        switch (field) {
          case "max_id":
            maxId = JsonValues.readLong(json);
            break;
          case "gap_free":
            gapFree = JsonValues.readBoolean(json);
            break;
          case "items":
            if (json.currentToken() != JsonToken.START_ARRAY) {
              throw new StoredDataException("'items' is not an array");
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
              items.add(item(json));
            }
            break;
          case "next":
            next = JsonValues.readString(json);
            break;
          case "previous":
            previous = JsonValues.readString(json);
            break;
          case "checkpoint":
            newest = JsonValues.readString(json);
            break;
          case "signed_start":
            start = JsonValues.readString(json);
            break;
          case "signed":
            if (json.currentToken() != JsonToken.START_ARRAY) {
              throw new StoredDataException("'signed' is not an array");
            }
            while (json.nextToken() == JsonToken.START_OBJECT) {
              covering.add(signed(json));
            }
            break;
          default:
            json.skipChildren();
        }
      }
    }
    return new Page(items, maxId, gapFree, next, previous, new Signatures(newest, start, covering));
  }

  static long readMax(byte[] body) throws IOException {
    try (JsonParser json = JSON.createParser(body)) {
      json.nextToken();
      JsonValues.expectStartObject(json, "max id");
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        json.nextToken();
        if (field.equals("max_id")) {
          return JsonValues.readLong(json);
        }
        json.skipChildren();
      }
    }
    throw new StoredDataException("the response has no max_id");
  }

  private static Signed signed(JsonParser json) throws IOException {
    String line = null;
    byte[] entries = null;
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "line":
          line = JsonValues.readString(json);
          break;
        case "entries":
          entries = JsonValues.readBytes(json);
          break;
        default:
          json.skipChildren();
      }
    }
    if (line == null || entries == null) {
      throw new StoredDataException("a signed checkpoint in the page lacks its line or entries");
    }
    return new Signed(line, entries);
  }

  private static StoredEvent item(JsonParser json) throws IOException {
    long id = 0;
    UUID originator = null;
    long version = 0;
    String topic = null;
    long timestamp = 0;
    byte[] state = null;
    byte[] metadata = null;
    String previousHash = "";
    String hash = "";
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String field = json.currentName();
      json.nextToken();
      switch (field) {
        case "id":
          id = JsonValues.readLong(json);
          break;
        case "originator_id":
          originator = JsonValues.readUuid(json);
          break;
        case "originator_version":
          version = JsonValues.readLong(json);
          break;
        case "topic":
          topic = JsonValues.readString(json);
          break;
        case "timestamp_us":
          timestamp = JsonValues.readLong(json);
          break;
        case "state":
          state = JsonValues.readBytes(json);
          break;
        case "previous_hash":
          previousHash = JsonValues.readString(json);
          break;
        case "metadata":
          metadata = JsonValues.readBytes(json);
          break;
        case "hash":
          hash = JsonValues.readString(json);
          break;
        default:
          json.skipChildren();
      }
    }
    if (originator == null || topic == null || state == null || id < 1) {
      throw new StoredDataException(
          "a notification in the page lacks its id, originator_id," + " topic or state");
    }
    return new StoredEvent(
        originator,
        version,
        topic,
        timestamp,
        state,
        previousHash.isEmpty() ? null : Hex.decode(previousHash),
        hash.isEmpty() ? null : Hex.decode(hash),
        id,
        metadata);
  }
}
