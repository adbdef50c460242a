package dev.recount.processor;

/**
 * Every error the processor reports, each with a stable id (shown as {@code [recount:ID]}) that
 * users can search for in docs/TROUBLESHOOTING.md, and a sentence on how to fix it.
 */
enum Message {
  AGGREGATE_NOT_A_CLASS("@Aggregate must be placed on a class"),
  AGGREGATE_ABSTRACT("@Aggregate class %s is abstract; the repository must create instances of"
      + " it: make it concrete (put shared code in an abstract superclass without @Aggregate)"),
  AGGREGATE_NOT_AGGREGATE_ROOT("@Aggregate class %s must extend dev.recount.AggregateRoot, which"
      + " keeps its id, version and pending events"),
  AGGREGATE_NO_CONSTRUCTOR("@Aggregate class %s needs a non-private constructor without"
      + " parameters: the generated repository creates an empty instance before replaying events"),
  AGGREGATE_INNER_CLASS("@Aggregate class %s is an inner class; make it static or top-level so"
      + " that generated code can create it"),
  AGGREGATE_MISSING("%s has %s but is not annotated @Aggregate: if it is an aggregate, annotate"
      + " it with @Aggregate (and extend dev.recount.AggregateRoot); if not, move them into their"
      + " @Aggregate class (events may also be top-level in its package)"),
  AGGREGATE_PRIVATE("@Aggregate class %s must not be private: generated code in its package"
      + " creates and changes it"),
  GENERIC_TYPE("%s must not be generic: stored events and snapshots name concrete types"),
  EVENT_NOT_A_RECORD("@Event must be placed on a record, not on %s %s: declare it as"
      + " `record %s(...)`; its components are what is stored"),
  EVENT_PRIVATE("@Event record %s must not be private: its generated codec lives in the package"),
  EVENT_WITHOUT_HANDLER("@Event record %s has no @Apply method in %s: add"
      + " `@Apply void on(%s event) { ... }` to apply it to the aggregate's state"),
  EVENT_TOPIC_BLANK("@Event(topic) must not be blank: it names the event's type in the store"),
  EVENT_TOPIC_DUPLICATE("the topic '%s' is also used by %s; topics must be unique: give one of"
      + " them another @Event(topic = ...)"),
  EVENT_VERSION_INVALID("@Event(version) of %s is %d; versions start at 1"),
  EVENT_VERSION_MISSING("@Event record %s is at version %d but declares no shape of version %d:"
      + " nest `@EventVersion(%d) record V%d(...)` in it, with the components events of version"
      + " %d were stored with, and an @Upcast method from it to the next version"),
  EVENT_VERSION_OUT_OF_RANGE("@EventVersion(%d) record %s must have a version from 1 to %d: %s"
      + " is at version %d, and its own shape is the record itself"),
  EVENT_VERSION_DUPLICATE("@EventVersion(%d) record %s: %s already is the shape of version %d;"
      + " each version has exactly one"),
  EVENT_VERSION_MISPLACED("@EventVersion must be placed on a record nested in the @Event record"
      + " whose older shape it is; %s is %s"),
  UPCAST_MISSING("no @Upcast method converts %s (version %d) to version %d: add `@Upcast static"
      + " %s upcast(%s old) { ... }` to %s"),
  UPCAST_SIGNATURE("@Upcast method %s() must be static, not private, and take exactly one"
      + " parameter, the older version of the event"),
  UPCAST_WRONG_PARAMETER("@Upcast method %s() takes %s, which is not an older version of %s:"
      + " take one of its @EventVersion records"),
  UPCAST_WRONG_RETURN("@Upcast method %s() takes version %d (%s), so it must return version %d,"
      + " %s, not %s: each upcaster converts to the next version only"),
  UPCAST_DUPLICATE("@Upcast method %s() converts version %d, as %s() already does; each version"
      + " has exactly one upcaster"),
  UPCAST_MISPLACED("@Upcast method %s() must be in an @Event record (or one of its @EventVersion"
      + " records) or in an @Aggregate class (or one of its @SnapshotVersion records), not in %s"),
  AGGREGATE_VERSION_INVALID("@Aggregate(version) of %s is %d; versions start at 1"),
  SNAPSHOT_VERSION_OUT_OF_RANGE("@SnapshotVersion(%d) record %s is not an older shape of %s,"
      + " which is at version %d: older shapes have versions from 1 below it, and the fields"
      + " themselves are the shape of version %d; if they changed since, bump @Aggregate(version)"
      + " to %d"),
  SNAPSHOT_VERSION_DUPLICATE("@SnapshotVersion(%d) record %s: %s already is the shape of version"
      + " %d; each version has at most one"),
  SNAPSHOT_VERSION_PRIVATE(
      "@SnapshotVersion record %s must not be private or generic: the" + " generated %s reads it"),
  SNAPSHOT_VERSION_MISPLACED("@SnapshotVersion must be placed on a record nested in the"
      + " @Aggregate class whose older snapshot shape it is; %s is %s"),
  SNAPSHOT_VERSION_GAP("@SnapshotVersion(%d) record %s cannot be upcast: no record declares"
      + " snapshot version %d; declare `@SnapshotVersion(%d) record ...` with an upcaster, or"
      + " remove %s (snapshots of version %d are then ignored and the aggregate replayed from its"
      + " events)"),
  SNAPSHOT_UPCAST_MISSING(
      "no @Upcast method converts %s (snapshot version %d) to %s: add `%s`" + " to %s"),
  SNAPSHOT_UPCAST_SIGNATURE("@Upcast method %s() must not be private and must take exactly one"
      + " parameter, an older snapshot shape of the aggregate"),
  SNAPSHOT_UPCAST_WRONG_PARAMETER("@Upcast method %s() takes %s, which is not an older snapshot"
      + " shape of %s: take one of its @SnapshotVersion records"),
  SNAPSHOT_UPCAST_WRONG_LINK("@Upcast method %s() takes snapshot version %d (%s), so it must be"
      + " `static %s %s(%s old)`, returning version %d: each upcaster converts to the next"
      + " version only"),
  SNAPSHOT_UPCAST_LAST_LINK("@Upcast method %s() takes snapshot version %d (%s), the last before"
      + " the current fields (version %d), so it must be `void %s(%s old)`, an instance method"
      + " of %s that sets its fields from the old shape"),
  SCHEMA_CHANGED("%s version %d was stored as %s but is now %s (%s): bump @Event(version) to %d"
      + " and add an @EventVersion(%d) record with the old components and an @Upcast method from it,"
      + " or, if no data was stored with version %d yet, accept the new shape by deleting line %d"
      + " of %s"),
  SNAPSHOT_SCHEMA_CHANGED("the snapshots of %s, version %d, were stored as %s but are now %s"
      + " (%s): bump @Aggregate(version) to %d (snapshots of version %d are then ignored and the"
      + " aggregate replayed from its events, unless you declare `@SnapshotVersion(%d) record"
      + " V%d(...)` with the old fields and an @Upcast method from it), or, if no snapshot of"
      + " version %d was stored yet, accept the new shape by deleting line %d of %s"),
  SCHEMA_ORPHAN("no event has the topic '%s' any more, but its schema file %s remains (%s): events"
      + " stored under it could not be read; if the event was renamed or moved, keep its topic with"
      + " @Event(topic = \"%s\") on the record, or add aliases = \"%s\" to the event that"
      + " replaces it; if no event was ever stored under it, delete %s"),
  SCHEMA_UNREADABLE("cannot check the schema file %s: %s"),
  UNSUPPORTED_TYPE("%s has type %s, which Recount cannot store: use a primitive or its box,"
      + " String, UUID, Instant, LocalDate, LocalDateTime, Duration, BigDecimal, BigInteger, an"
      + " enum, byte[], List, Set or Map with String keys of those, Optional, or a record of"
      + " those"),
  APPLY_PRIVATE("@Apply method %s() must not be private: the generated mutator calls it"),
  APPLY_STATIC("@Apply method %s() must not be static: it applies an event to an instance"),
  APPLY_ONE_PARAMETER("@Apply method %s() must take exactly one parameter, the event to apply"),
  APPLY_NOT_AN_EVENT("the parameter of @Apply method %s() has type %s, which is not an @Event"
      + " record: annotate the record with @Event, or apply one of the aggregate's events"),
  APPLY_FOREIGN_EVENT("the parameter of @Apply method %s() is %s, an event of %s: an aggregate"
      + " applies its own events (nested in it, or top-level in its package)"),
  APPLY_DUPLICATE(
      "event %s already has an @Apply method, %s(); each event must have exactly" + " one"),
  APPLY_NO_CODEC("event %s comes from a compiled class that has no generated codec (%s):"
      + " compile its module with recount-processor on the annotation processor path"),
  FIELD_PRIVATE("%s is %s: the generated %s captures the aggregate's state for snapshots, so"
      + " make the field %s, or transient if it can be derived"),
  FIELD_FINAL("final %s of type %s cannot be restored from a snapshot: make it non-final, or"
      + " transient if it can be derived (final List, Set and Map fields are refilled)"),
  FIELD_HIDDEN("%s hides field '%s' of %s, and snapshots store fields by name: rename one of"
      + " them, or make one transient if it can be derived"),
  TRIGGER_NOT_AN_EVENT("%s() is given %s, which is not an event of %s and never can be: its"
      + " events are %s; trigger one of them (or add an @Event record nested in %s and its @Apply"
      + " method)"),
  GENERATED_NAME_CLASH("the generated type %s would clash with %s; rename %s"),
  COULD_NOT_WRITE("could not write %s: %s"),
  INTERNAL("please report this as a bug in recount-processor:%n%s");

  private final String format;

  Message(String format) {
    this.format = format;
  }

  String format(Object... args) {
    return "[recount:" + name() + "] " + String.format(java.util.Locale.ROOT, format, args);
  }
}
