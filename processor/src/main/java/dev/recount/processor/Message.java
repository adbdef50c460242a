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
      + " @Aggregate class (events may also be top-level in its package); a class whose @Apply"
      + " methods fold the events of a consistency boundary is a @DecisionModel, and an event no"
      + " aggregate owns is @Event(standalone = true)"),
  AGGREGATE_PRIVATE("@Aggregate class %s must not be private: generated code in its package"
      + " creates and changes it"),
  GENERIC_TYPE("%s must not be generic: stored events and snapshots name concrete types"),
  EVENT_NOT_A_RECORD("@Event must be placed on a record, not on %s %s: declare it as"
      + " `record %s(...)`; its components are what is stored"),
  EVENT_PRIVATE("@Event record %s must not be private: its generated codec lives in the package"),
  EVENT_WITHOUT_HANDLER("@Event record %s has no @Apply method in %s: add"
      + " `@Apply void on(%s event) { ... }` to apply it to the aggregate's state, or declare it"
      + " @Event(standalone = true) if no aggregate owns it"),
  EVENT_STANDALONE_IN_AGGREGATE("@Event(standalone = true) record %s is nested in the @Aggregate"
      + " %s, whose events it cannot be: move it out of %s, or drop standalone to make it the"
      + " aggregate's event"),
  APPLY_STANDALONE_EVENT("the parameter of @Apply method %s() is %s, a standalone event, which no"
      + " aggregate applies: it is appended with a consistency boundary condition and read by"
      + " queries and @DecisionModel classes; drop standalone to make it an aggregate's event"),
  TAG_NAME_INVALID("@Tag(\"%s\") on %s %s: a tag's name must be a Java identifier, such as"
      + " \"course\"; it is stored as the prefix of each value and names the generated query"
      + " method"),
  TAG_DUPLICATE("@Tag(\"%s\") on %s %s is already the tag of %s; each tag is declared once"),
  TAG_TYPE_UNSUPPORTED("@Tag on %s %s (tag \"%s\") has type %s, which is not a tag value: use"
      + " String, UUID, int, long, short (or their boxes), an enum, or a record with exactly one"
      + " component of those (a typed id)"),
  TAG_NAME_RESERVED("@Tag(\"%s\") on %s %s: the generated query would have a method %s() that"
      + " clashes with an inherited one; choose another name"),
  DECISION_NOT_A_CLASS("@DecisionModel must be placed on a class, whose fields the @Apply methods"
      + " change; %s is not one"),
  DECISION_PRIVATE("@DecisionModel class %s must not be private (nor nested in a private class):"
      + " its generated decision mapping calls its @Apply methods"),
  DECISION_TAG_FIELD("@Tag field %s of @DecisionModel %s must be an instance field that is not"
      + " private: the generated query reads its value"),
  DECISION_NO_APPLY("@DecisionModel class %s has no @Apply method, so its query would read"
      + " nothing: add `@Apply void on(SomeEvent event) { ... }` for each event type %s decides"
      + " on"),
  DECISION_EVENT_NOT_QUERYABLE("the parameter of @Apply method %s() is %s, an aggregate's event"
      + " without tags: a decision model reads standalone events (@Event(standalone = true)) and"
      + " events that declare @Tag components"),
  DECISION_TAG_MISSING("@Apply method %s() applies %s, which has no tag \"%s\"; @DecisionModel"
      + " %s reads only events tagged with its field %s: add `@Tag(\"%3$s\")` to a component of"
      + " the event, or apply it in another decision model"),
  DECISION_TAG_TYPE("@Apply method %s() applies %s, whose tag \"%s\" has type %s, but the"
      + " model's field %s has type %s: the tag's values must have one type"),
  TAG_MISPLACED("@Tag on %s: tags are declared on the components of an @Event record or on the"
      + " fields of a @DecisionModel class, not in %s"),
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
  PROJECTION_NOT_A_CLASS("@Projection must be placed on a class, whose @Handles methods write"
      + " the read model; %s is not one"),
  PROJECTION_PRIVATE("@Projection class %s must not be private (nor nested in a private class):"
      + " its generated mapping calls its @Handles methods"),
  PROJECTION_NAME_INVALID("@Projection(\"%s\") on %s: a projection's name must be 1 to 100"
      + " letters, digits, '_', '.' or '-'; it keys the projection's position in the database"),
  PROJECTION_NO_HANDLER("@Projection class %s has no @Handles method, so it would read nothing:"
      + " add `@Handles void on(SomeEvent event, ProjectionContext context) { ... }` for each event"
      + " type it projects"),
  HANDLES_OUTSIDE_PROJECTION("@Handles method %s() is in %s, which is not annotated @Projection:"
      + " annotate the class with @Projection(\"name\"), or use @Apply in an aggregate"),
  HANDLES_PRIVATE("@Handles method %s() must not be private: the generated mapping calls it"),
  HANDLES_STATIC(
      "@Handles method %s() must not be static: it writes through its projection" + " instance"),
  HANDLES_PARAMETERS("@Handles method %s() must take the event, and optionally a"
      + " dev.recount.projection.ProjectionContext as its second parameter; it takes %s"),
  HANDLES_NOT_AN_EVENT("the first parameter of @Handles method %s() has type %s, which is not an"
      + " @Event record: a projection handles stored events"),
  HANDLES_DUPLICATE("event %s already has a @Handles method, %s(); each event must have at most"
      + " one in a projection"),
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
