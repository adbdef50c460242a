package dev.recount.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.Set;

/**
 * Writes one {@code @Event} record type as a JSON object and reads it back. Implemented by the
 * generated {@code *_Codec} classes, with Jackson's streaming API.
 *
 * @param <E> the event record
 */
public interface EventCodec<E> {
  /** The stable name stored with every event of this type. */
  String topic();

  /** Writes {@code event} as one JSON object. */
  void write(E event, JsonGenerator json) throws IOException;

  /** Reads one JSON object, the parser positioned on its {@code START_OBJECT}. */
  E read(JsonParser json) throws IOException;

  /**
   * The tags of {@code event} for Dynamic Consistency Boundaries, {@code name:value} for each of
   * the record's {@code @Tag} components; none unless the record declares some.
   *
   * @throws IllegalArgumentException if a tag's value is {@code null}
   */
  default Set<String> tags(E event) {
    return Set.of();
  }
}
