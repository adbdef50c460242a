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
   * Names the shape of the captured state (the snapshot version and a digest of the field names and
   * types), computed at compile time and stored with every snapshot this class writes.
   */
  String fingerprint();

  /**
   * Whether {@link #read} can restore a snapshot stored with {@code fingerprint}: this shape, or an
   * older version the aggregate declares with an upcaster chain. Any other snapshot was written by
   * another shape of the class and is ignored: the aggregate is replayed from its events instead.
   */
  boolean reads(String fingerprint);

  /** Writes the aggregate's fields as one JSON object. */
  void write(A aggregate, JsonGenerator json) throws IOException;

  /**
   * Reads one JSON object, stored with {@code fingerprint} (one that {@link #reads} accepts), into
   * {@code aggregate}, a new instance, upcasting an older shape to the current fields.
   */
  void read(A aggregate, String fingerprint, JsonParser json) throws IOException;
}
