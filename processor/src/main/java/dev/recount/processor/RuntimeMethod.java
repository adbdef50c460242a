package dev.recount.processor;

import static dev.recount.processor.Names.DCB_EVENTS;
import static dev.recount.processor.Names.DECISION_MAPPING;
import static dev.recount.processor.Names.EVENT_CODEC;
import static dev.recount.processor.Names.EVENT_MAPPING;
import static dev.recount.processor.Names.EVENT_QUERY;
import static dev.recount.processor.Names.JSON_VALUES;
import static dev.recount.processor.Names.MUTATOR;
import static dev.recount.processor.Names.PROJECTION_MAPPING;
import static dev.recount.processor.Names.REPOSITORY;
import static dev.recount.processor.Names.SNAPSHOT_MAPPING;
import static dev.recount.processor.Names.TAG_VALUES;
import static dev.recount.processor.Names.UNKNOWN_TOPIC;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;

/**
 * Every runtime method that generated code names: the static helpers it calls, the interface
 * methods it implements, and the constructors it calls. Generators name runtime methods only
 * through these constants, and a processor test checks each against the runtime's classes, so that
 * renaming one fails the build of Recount rather than a user's.
 */
enum RuntimeMethod {
  // JsonValues: objects and versions
  EXPECT_START_OBJECT(JSON_VALUES, "expectStartObject", 2),
  WRITE_VERSION(JSON_VALUES, "writeVersion", 2),
  READ_VERSION(JSON_VALUES, "readVersion", 2),
  UNKNOWN_VERSION(JSON_VALUES, "unknownVersion", 3),
  REQUIRE(JSON_VALUES, "require", 3),

  // JsonValues: scalars
  WRITE_STRING(JSON_VALUES, "writeString", 2),
  READ_STRING(JSON_VALUES, "readString", 1),
  WRITE_BOOLEAN(JSON_VALUES, "writeBoolean", 2),
  READ_BOOLEAN(JSON_VALUES, "readBoolean", 1),
  WRITE_BOOLEAN_BOX(JSON_VALUES, "writeBooleanBox", 2),
  READ_BOOLEAN_BOX(JSON_VALUES, "readBooleanBox", 1),
  WRITE_BYTE(JSON_VALUES, "writeByte", 2),
  READ_BYTE(JSON_VALUES, "readByte", 1),
  WRITE_BYTE_BOX(JSON_VALUES, "writeByteBox", 2),
  READ_BYTE_BOX(JSON_VALUES, "readByteBox", 1),
  WRITE_SHORT(JSON_VALUES, "writeShort", 2),
  READ_SHORT(JSON_VALUES, "readShort", 1),
  WRITE_SHORT_BOX(JSON_VALUES, "writeShortBox", 2),
  READ_SHORT_BOX(JSON_VALUES, "readShortBox", 1),
  WRITE_INT(JSON_VALUES, "writeInt", 2),
  READ_INT(JSON_VALUES, "readInt", 1),
  WRITE_INT_BOX(JSON_VALUES, "writeIntBox", 2),
  READ_INT_BOX(JSON_VALUES, "readIntBox", 1),
  WRITE_LONG(JSON_VALUES, "writeLong", 2),
  READ_LONG(JSON_VALUES, "readLong", 1),
  WRITE_LONG_BOX(JSON_VALUES, "writeLongBox", 2),
  READ_LONG_BOX(JSON_VALUES, "readLongBox", 1),
  WRITE_CHAR(JSON_VALUES, "writeChar", 2),
  READ_CHAR(JSON_VALUES, "readChar", 1),
  WRITE_CHAR_BOX(JSON_VALUES, "writeCharBox", 2),
  READ_CHAR_BOX(JSON_VALUES, "readCharBox", 1),
  WRITE_FLOAT(JSON_VALUES, "writeFloat", 2),
  READ_FLOAT(JSON_VALUES, "readFloat", 1),
  WRITE_FLOAT_BOX(JSON_VALUES, "writeFloatBox", 2),
  READ_FLOAT_BOX(JSON_VALUES, "readFloatBox", 1),
  WRITE_DOUBLE(JSON_VALUES, "writeDouble", 2),
  READ_DOUBLE(JSON_VALUES, "readDouble", 1),
  WRITE_DOUBLE_BOX(JSON_VALUES, "writeDoubleBox", 2),
  READ_DOUBLE_BOX(JSON_VALUES, "readDoubleBox", 1),
  WRITE_UUID(JSON_VALUES, "writeUuid", 2),
  READ_UUID(JSON_VALUES, "readUuid", 1),
  WRITE_INSTANT(JSON_VALUES, "writeInstant", 2),
  READ_INSTANT(JSON_VALUES, "readInstant", 1),
  WRITE_LOCAL_DATE(JSON_VALUES, "writeLocalDate", 2),
  READ_LOCAL_DATE(JSON_VALUES, "readLocalDate", 1),
  WRITE_LOCAL_DATE_TIME(JSON_VALUES, "writeLocalDateTime", 2),
  READ_LOCAL_DATE_TIME(JSON_VALUES, "readLocalDateTime", 1),
  WRITE_DURATION(JSON_VALUES, "writeDuration", 2),
  READ_DURATION(JSON_VALUES, "readDuration", 1),
  WRITE_BIG_DECIMAL(JSON_VALUES, "writeBigDecimal", 2),
  READ_BIG_DECIMAL(JSON_VALUES, "readBigDecimal", 1),
  WRITE_BIG_INTEGER(JSON_VALUES, "writeBigInteger", 2),
  READ_BIG_INTEGER(JSON_VALUES, "readBigInteger", 1),
  WRITE_BYTES(JSON_VALUES, "writeBytes", 2),
  READ_BYTES(JSON_VALUES, "readBytes", 1),

  // JsonValues: enums and containers
  WRITE_ENUM(JSON_VALUES, "writeEnum", 2),
  READ_ENUM(JSON_VALUES, "readEnum", 2),
  WRITE_LIST(JSON_VALUES, "writeList", 3),
  READ_LIST(JSON_VALUES, "readList", 2),
  WRITE_SET(JSON_VALUES, "writeSet", 3),
  READ_SET(JSON_VALUES, "readSet", 2),
  WRITE_MAP(JSON_VALUES, "writeMap", 3),
  READ_MAP(JSON_VALUES, "readMap", 2),
  WRITE_OPTIONAL(JSON_VALUES, "writeOptional", 3),
  READ_OPTIONAL(JSON_VALUES, "readOptional", 2),

  // Implemented by generated mutators
  MUTATOR_AGGREGATE_CLASS(MUTATOR, "aggregateClass", 0),
  MUTATOR_TOPIC(MUTATOR, "topic", 0),
  MUTATOR_SNAPSHOT_INTERVAL(MUTATOR, "snapshotInterval", 0),
  MUTATOR_NEW_INSTANCE(MUTATOR, "newInstance", 0),
  MUTATOR_APPLY(MUTATOR, "apply", 2),
  MUTATOR_EVENTS(MUTATOR, "events", 0),
  MUTATOR_SNAPSHOTS(MUTATOR, "snapshots", 0),
  MUTATOR_REPOSITORY_CLASS(MUTATOR, "repositoryClass", 0),
  MUTATOR_NEW_REPOSITORY(MUTATOR, "newRepository", 1),

  // Implemented by generated event mappings
  MAPPING_TOPICS(EVENT_MAPPING, "topics", 0),
  MAPPING_TOPIC_OF(EVENT_MAPPING, "topicOf", 1),
  MAPPING_WRITE(EVENT_MAPPING, "write", 2),
  MAPPING_READ(EVENT_MAPPING, "read", 2),
  MAPPING_TAGS_OF(EVENT_MAPPING, "tagsOf", 1),
  DCB_EVENT_CLASSES(DCB_EVENTS, "eventClasses", 0),

  // Implemented by generated decision mappings
  DECISION_MODEL_CLASS(DECISION_MAPPING, "modelClass", 0),
  DECISION_QUERY(DECISION_MAPPING, "query", 1),
  DECISION_APPLY(DECISION_MAPPING, "apply", 2),

  // Implemented by generated projection mappings
  PROJECTION_CLASS(PROJECTION_MAPPING, "projectionClass", 0),
  PROJECTION_NAME(PROJECTION_MAPPING, "name", 0),
  PROJECTION_TOPICS(PROJECTION_MAPPING, "topics", 0),
  PROJECTION_HANDLE(PROJECTION_MAPPING, "handle", 3),

  // Implemented by generated codecs, and called by event mappings
  CODEC_TOPIC(EVENT_CODEC, "topic", 0),
  CODEC_WRITE(EVENT_CODEC, "write", 2),
  CODEC_READ(EVENT_CODEC, "read", 1),
  CODEC_TAGS(EVENT_CODEC, "tags", 1),

  // The tags of events and queries
  TAG(TAG_VALUES, "tag", 3),
  QUERY_WITH_TAG(EVENT_QUERY, "withTag", 1),
  QUERY_OR(EVENT_QUERY, "or", 1),
  QUERY_NEW(EVENT_QUERY, RuntimeMethod.CONSTRUCTOR, 2),

  // Implemented by generated snapshot mappings
  SNAPSHOT_FINGERPRINT(SNAPSHOT_MAPPING, "fingerprint", 0),
  SNAPSHOT_READS(SNAPSHOT_MAPPING, "reads", 1),
  SNAPSHOT_WRITE(SNAPSHOT_MAPPING, "write", 2),
  SNAPSHOT_READ(SNAPSHOT_MAPPING, "read", 3),

  // Constructors
  REPOSITORY_NEW(REPOSITORY, RuntimeMethod.CONSTRUCTOR, 2),
  UNKNOWN_TOPIC_NEW(UNKNOWN_TOPIC, RuntimeMethod.CONSTRUCTOR, 2);

  /** The {@link #method} of constructors. */
  static final String CONSTRUCTOR = "<init>";

  private final ClassName owner;
  private final String method;
  private final int parameters;

  RuntimeMethod(ClassName owner, String method, int parameters) {
    this.owner = owner;
    this.method = method;
    this.parameters = parameters;
  }

  /** The runtime type that declares the method. */
  ClassName owner() {
    return owner;
  }

  /** The method's name, or {@link #CONSTRUCTOR}. */
  String method() {
    return method;
  }

  /** How many parameters the method takes. */
  int parameters() {
    return parameters;
  }

  /**
   * A call of this static method: {@code Owner.method(arguments)}, arguments as javapoet format.
   */
  CodeBlock call(String arguments, Object... args) {
    return CodeBlock.builder()
        .add("$T.$L(", owner, method)
        .add(arguments, args)
        .add(")")
        .build();
  }

  /** A reference to this static method: {@code Owner::method}. */
  CodeBlock reference() {
    return CodeBlock.of("$T::$L", owner, method);
  }
}
