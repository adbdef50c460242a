package dev.recount.processor;

import com.palantir.javapoet.ClassName;

/** The names of our annotations and of the runtime types that generated code refers to. */
final class Names {
  static final String AGGREGATE = "dev.recount.annotations.Aggregate";
  static final String EVENT = "dev.recount.annotations.Event";
  static final String APPLY = "dev.recount.annotations.Apply";
  static final String EVENT_VERSION = "dev.recount.annotations.EventVersion";
  static final String UPCAST = "dev.recount.annotations.Upcast";
  static final String SNAPSHOT_VERSION = "dev.recount.annotations.SnapshotVersion";
  static final String TAG = "dev.recount.annotations.Tag";
  static final String DECISION_MODEL = "dev.recount.annotations.DecisionModel";
  static final String PROJECTION = "dev.recount.annotations.Projection";
  static final String HANDLES = "dev.recount.annotations.Handles";
  static final String PROJECTION_CONTEXT = "dev.recount.projection.ProjectionContext";
  static final String AGGREGATE_ROOT = "dev.recount.AggregateRoot";

  private static final String RUNTIME = "dev.recount";
  private static final String INTERNAL = "dev.recount.internal";
  private static final String DCB = "dev.recount.dcb";

  static final ClassName APPLICATION = ClassName.get(RUNTIME, "Application");
  static final ClassName REPOSITORY = ClassName.get(RUNTIME, "Repository");
  static final ClassName DISCARDED = ClassName.get(RUNTIME, "AggregateRoot", "Discarded");
  static final ClassName MUTATOR = ClassName.get(INTERNAL, "Mutator");
  static final ClassName EVENT_MAPPING = ClassName.get(INTERNAL, "EventMapping");
  static final ClassName EVENT_CODEC = ClassName.get(INTERNAL, "EventCodec");
  static final ClassName SNAPSHOT_MAPPING = ClassName.get(INTERNAL, "SnapshotMapping");
  static final ClassName JSON_VALUES = ClassName.get(INTERNAL, "JsonValues");
  static final ClassName UNKNOWN_TOPIC = ClassName.get(INTERNAL, "UnknownTopicException");
  static final ClassName RECOUNT_GENERATED = ClassName.get(INTERNAL, "RecountGenerated");
  static final ClassName DCB_EVENTS = ClassName.get(INTERNAL, "DcbEvents");
  static final ClassName TAG_VALUES = ClassName.get(INTERNAL, "TagValues");
  static final ClassName DECISION_MAPPING = ClassName.get(INTERNAL, "DecisionMapping");
  static final ClassName PROJECTION_MAPPING = ClassName.get(INTERNAL, "ProjectionMapping");
  static final ClassName EVENT_QUERY = ClassName.get(DCB, "EventQuery");
  static final ClassName JSON_GENERATOR =
      ClassName.get("com.fasterxml.jackson.core", "JsonGenerator");
  static final ClassName JSON_PARSER = ClassName.get("com.fasterxml.jackson.core", "JsonParser");
  static final ClassName JSON_TOKEN = ClassName.get("com.fasterxml.jackson.core", "JsonToken");
  static final ClassName IO_EXCEPTION = ClassName.get("java.io", "IOException");

  private Names() {}
}
