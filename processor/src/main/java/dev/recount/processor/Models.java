package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import dev.recount.processor.ValueTypes.Component;
import dev.recount.processor.ValueTypes.RecordHelper;
import java.util.List;
import javax.lang.model.element.TypeElement;

/** What the generators need, read from validated elements; no compiler state beyond the origin. */
final class Models {
  private Models() {}

  /** An {@code @Event} record. */
  record EventModel(
      TypeElement origin,
      ClassName event,
      ClassName codec,
      String topic,
      List<String> aliases,
      int version,
      List<Component> components,
      List<OldVersion> oldVersions,
      List<RecordHelper> records) {

    /** Whether stored events may have other shapes than the record's: then they carry "@v". */
    boolean versioned() {
      return version > 1;
    }
  }

  /**
   * An {@code @EventVersion} or {@code @SnapshotVersion} record: the shape data of {@code version}
   * was stored with, and the {@code @Upcast} method ({@code owner.method}) that turns it into the
   * next version (for the last old snapshot shape, an instance method of the aggregate).
   */
  record OldVersion(
      int version, ClassName type, List<Component> components, ClassName owner, String method) {}

  /**
   * An {@code @Apply} method and the event it applies; {@code optionals} names the event's
   * components of type {@code Optional}, which the mutator refuses as null.
   */
  record Handler(
      String method,
      ClassName event,
      ClassName codec,
      List<String> aliases,
      List<String> optionals) {}

  /** A field of an aggregate, captured in snapshots. */
  record Field(Component component, boolean refill, boolean map) {}

  /**
   * An {@code @Aggregate} class; {@code version} and {@code fingerprint} name the shape of its
   * snapshots, and {@code oldSnapshots} the older shapes it still reads, oldest first.
   */
  record AggregateModel(
      TypeElement origin,
      ClassName aggregate,
      String topic,
      int snapshotInterval,
      List<Handler> handlers,
      List<Field> fields,
      List<RecordHelper> snapshotRecords,
      int version,
      String fingerprint,
      List<OldVersion> oldSnapshots) {

    ClassName mutator() {
      return GeneratedNames.sibling(aggregate, "_Mutator");
    }

    ClassName events() {
      return GeneratedNames.sibling(aggregate, "_Events");
    }

    ClassName snapshot() {
      return GeneratedNames.sibling(aggregate, "_Snapshot");
    }

    ClassName repository() {
      return GeneratedNames.sibling(aggregate, "Repository");
    }

    ClassName topics() {
      return GeneratedNames.sibling(aggregate, "Topics");
    }
  }
}
