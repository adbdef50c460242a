package dev.recount.observe;

import dev.recount.Metadata;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A save's trace as event metadata, from the fields a tracing bridge's propagator wrote: the trace
 * id, read from W3C {@code traceparent} or B3 ({@code b3}, {@code X-B3-TraceId}), and the fields
 * themselves as entries, so that a follower's processing continues the trace. Fields that would
 * break {@link Metadata}'s limits are left out rather than failing the save.
 */
final class Traces {
  /** Entries kept from a propagator at most: the rest of the limit stays for the user's own. */
  private static final int MAX_FIELDS = 4;

  private Traces() {}

  /** {@code null} if there is no field to store. */
  static Metadata of(Map<String, String> fields) {
    if (fields == null || fields.isEmpty()) {
      return null;
    }
    Map<String, String> kept = new TreeMap<>();
    int bytes = 0;
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String key = field.getKey();
      String value = field.getValue();
      if (key == null
          || value == null
          || key.isBlank()
          || key.length() > Metadata.MAX_KEY_LENGTH
          || value.length() > Metadata.MAX_VALUE_LENGTH
          || kept.size() == MAX_FIELDS
          || bytes + key.length() + value.length() > Metadata.MAX_BYTES / 4) {
        continue;
      }
      kept.put(key, value);
      bytes += key.length() + value.length();
    }
    String traceId = traceId(fields);
    if (kept.isEmpty() && traceId == null) {
      return null;
    }
    return new Metadata(null, null, null, traceId, kept);
  }

  private static String traceId(Map<String, String> fields) {
    for (Map.Entry<String, String> field : fields.entrySet()) {
      String key = field.getKey() == null ? "" : field.getKey().toLowerCase(Locale.ROOT);
      String value = field.getValue();
      if (value == null) {
        continue;
      }
      String id = null;
      if (key.equals("traceparent")) {
        String[] parts = value.split("-"); // version-traceid-spanid-flags
        id = parts.length >= 3 ? parts[1] : null;
      } else if (key.equals("b3")) {
        String[] parts = value.split("-"); // traceid-spanid[-sampled[-parentspanid]]
        id = parts.length >= 2 ? parts[0] : null;
      } else if (key.equals("x-b3-traceid")) {
        id = value;
      }
      if (id != null && !id.isBlank() && id.length() <= Metadata.MAX_VALUE_LENGTH) {
        return id;
      }
    }
    return null;
  }
}
