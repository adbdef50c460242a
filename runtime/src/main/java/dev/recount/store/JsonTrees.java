package dev.recount.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares two JSON documents as values: objects by their fields whatever their order, arrays in
 * order. A deep audit compares a snapshot's state with the replayed one this way, so that a map
 * field that iterates in another order after a restore is not taken for a forgery.
 */
final class JsonTrees {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonTrees() {}

  static boolean equal(byte[] a, byte[] b) {
    return Arrays.equals(a, b) || tree(a).equals(tree(b));
  }

  private static Object tree(byte[] json) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      return value(parser);
    } catch (IOException e) {
      throw new UncheckedIOException("reading JSON written in memory failed", e);
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT) {
      Map<String, Object> fields = new TreeMap<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        fields.put(name, value(parser));
      }
      return fields;
    }
    if (token == JsonToken.START_ARRAY) {
      List<Object> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(value(parser));
      }
      return items;
    }
    // Scalars by their kind and text: 1 and 1.0 differ, as they do in what was stored.
    return token + ":" + parser.getText();
  }
}
