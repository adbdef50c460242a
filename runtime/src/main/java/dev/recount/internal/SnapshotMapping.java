package dev.recount.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import dev.recount.AggregateRoot;
import java.io.IOException;

/**
 * Captures the state of one aggregate class as JSON and restores it, written by the processor as
 * {@code <Aggregate>_Snapshot} from the aggregate's non-transient instance fields.
 *
 * @param <A> the aggregate class
 */
public interface SnapshotMapping<A extends AggregateRoot> {
  /**
   * A digest of the shape of the captured state (field names and types), computed at compile time.
   * A stored snapshot whose fingerprint differs was written by another shape of the class and is
   * ignored: the aggregate is replayed from its events instead.
   */
  String fingerprint();

  /** Writes the aggregate's fields as one JSON object. */
  void write(A aggregate, JsonGenerator json) throws IOException;

  /** Reads one JSON object written by {@link #write} into {@code aggregate}, a new instance. */
  void read(A aggregate, JsonParser json) throws IOException;
}
