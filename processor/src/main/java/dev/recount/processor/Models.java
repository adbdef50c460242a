package dev.recount.processor;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
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
      List<RecordHelper> records,
      List<TagModel> tags,
      boolean standalone) {

    /** Whether stored events may have other shapes than the record's: then they carry "@v". */
    boolean versioned() {
      return version > 1;
    }

    /** The generated mapping of a standalone event, a service provider. */
    ClassName dcbEvents() {
      return GeneratedNames.sibling(event, "_DcbEvents");
    }

    /** The generated typed query of a tagged or standalone event. */
    ClassName query() {
      return GeneratedNames.sibling(event, "Query");
    }
  }

  /**
   * A {@code @Tag}: its {@code name}, the record component or field ({@code element}) holding its
   * value, of {@code type}; {@code wrapped} is the accessor of a one-component record's value (a
   * typed id), or {@code null} if the value is a tag as it is.
   */
  record TagModel(String name, String element, TypeName type, boolean primitive, String wrapped) {}

  /**
   * An {@code @EventVersion} or {@code @SnapshotVersion} record: the shape data of {@code version}
   * was stored with, and the {@code @Upcast} method ({@code owner.method}) that turns it into the
   * next version (for the last old snapshot shape, an instance method of the aggregate).
   */
  record OldVersion(
      int version, ClassName type, List<Component> components, ClassName owner, String method) {}

  /**
   * An {@code @Apply} method and the event it applies; {@code optionals} names the event's
   * components of type {@code Optional}, which the mutator refuses as null; {@code tagged} says the
   * event declares {@code @Tag} components.
   */
  record Handler(
      String method,
      ClassName event,
      ClassName codec,
      List<String> aliases,
      List<String> optionals,
      boolean tagged) {}

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

  /**
   * A {@code @DecisionModel} class: its {@code @Tag} fields, which every applied event carries, and
   * its {@code @Apply} methods.
   */
  record DecisionModelModel(
      TypeElement origin, ClassName model, List<TagModel> tags, List<DecisionHandler> handlers) {

    ClassName decision() {
      return GeneratedNames.sibling(model, "_Decision");
    }
  }

  /** An {@code @Apply} method of a decision model, the event it applies and that event's query. */
  record DecisionHandler(String method, ClassName event, ClassName query) {}

  /** A {@code @Projection} class: its name and its {@code @Handles} methods. */
  record ProjectionModel(
      TypeElement origin, ClassName projection, String name, List<ProjectionHandler> handlers) {
    ClassName mapping() {
      return GeneratedNames.sibling(projection, "_Projection");
    }
  }

  /**
   * One {@code @Handles} method: the event it takes, the codec whose topic it selects, the event's
   * aliases, and whether it also takes the context.
   */
  record ProjectionHandler(
      String method, ClassName event, ClassName codec, List<String> aliases, boolean context) {}
}
