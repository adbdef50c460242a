package dev.recount.jooq;

import java.util.List;
import java.util.UUID;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The tables and columns of one application's store, named with its table prefix. Every aggregate
 * type shares these: what differs per aggregate (its topics and codecs) is generated, what is the
 * same lives here once.
 */
final class Tables {
  static final Field<Long> NOTIFICATION_ID =
      DSL.field(DSL.name("notification_id"), SQLDataType.BIGINT.notNull());
  static final Field<UUID> ORIGINATOR_ID =
      DSL.field(DSL.name("originator_id"), SQLDataType.UUID.notNull());
  static final Field<Long> ORIGINATOR_VERSION =
      DSL.field(DSL.name("originator_version"), SQLDataType.BIGINT.notNull());
  static final Field<String> TOPIC = DSL.field(DSL.name("topic"), SQLDataType.VARCHAR.notNull());
  static final Field<Long> TIMESTAMP =
      DSL.field(DSL.name("timestamp_us"), SQLDataType.BIGINT.notNull());
  static final Field<byte[]> STATE = DSL.field(DSL.name("state"), SQLDataType.VARBINARY.notNull());
  static final Field<byte[]> PREVIOUS_HASH =
      DSL.field(DSL.name("previous_hash"), SQLDataType.VARBINARY);
  static final Field<byte[]> HASH = DSL.field(DSL.name("hash"), SQLDataType.VARBINARY);
  /** An event's metadata as stored; null for none (and in every row from before it existed). */
  static final Field<byte[]> METADATA = DSL.field(DSL.name("metadata"), SQLDataType.VARBINARY);

  static final Field<String> FINGERPRINT =
      DSL.field(DSL.name("fingerprint"), SQLDataType.VARCHAR.notNull());
  static final Field<byte[]> HEAD = DSL.field(DSL.name("head"), SQLDataType.VARBINARY);
  static final Field<Integer> LOCK_ID = DSL.field(DSL.name("id"), SQLDataType.INTEGER.notNull());
  static final Field<String> APPLICATION_NAME =
      DSL.field(DSL.name("application_name"), SQLDataType.VARCHAR.notNull());
  static final Field<String> UPSTREAM_NAME =
      DSL.field(DSL.name("upstream_name"), SQLDataType.VARCHAR.notNull());

  /** SUBJECT_KEYS: the table of subjects' data keys (see {@link SubjectKeyRows}). */
  static final Field<UUID> SUBJECT_ID =
      DSL.field(DSL.name("subject_id"), SQLDataType.UUID.notNull());

  static final Field<byte[]> WRAPPED_KEY =
      DSL.field(DSL.name("wrapped_key"), SQLDataType.VARBINARY);
  static final Field<Long> CREATED_US =
      DSL.field(DSL.name("created_us"), SQLDataType.BIGINT.notNull());
  static final Field<Long> FORGOTTEN_US = DSL.field(DSL.name("forgotten_us"), SQLDataType.BIGINT);

  static final Field<Long> UP_TO = DSL.field(DSL.name("up_to"), SQLDataType.BIGINT.notNull());
  static final Field<Long> AFTER_ID = DSL.field(DSL.name("after_id"), SQLDataType.BIGINT.notNull());
  static final Field<Long> EVENT_COUNT =
      DSL.field(DSL.name("events"), SQLDataType.BIGINT.notNull());
  static final Field<byte[]> CHAIN = DSL.field(DSL.name("chain"), SQLDataType.VARBINARY.notNull());
  static final Field<String> KEY_ID = DSL.field(DSL.name("key_id"), SQLDataType.VARCHAR.notNull());
  static final Field<byte[]> SIGNATURE =
      DSL.field(DSL.name("signature"), SQLDataType.VARBINARY.notNull());
  static final Field<byte[]> WITNESS =
      DSL.field(DSL.name("witness"), SQLDataType.VARBINARY.notNull());

  /** An event row's columns, in the order the row readers take them. */
  static final List<Field<?>> EVENT_COLUMNS = List.of(
      NOTIFICATION_ID,
      ORIGINATOR_ID,
      ORIGINATOR_VERSION,
      TOPIC,
      TIMESTAMP,
      STATE,
      PREVIOUS_HASH,
      HASH,
      METADATA);

  final String prefix;
  final Table<Record> events;
  final Table<Record> snapshots;
  /** H2: the one-row table whose row lock writers take in turn. */
  final Table<Record> lock;

  final Table<Record> tracking;
  /** SUBJECT_KEYS only: each aggregate's data key. */
  final Table<Record> subjectKeys;
  /** The signed checkpoints of the notification log. */
  final Table<Record> checkpoints;
  /** PostgreSQL: the function that reserves notification ids. */
  final Name reserveIds;
  /** PostgreSQL: the function that bounds what readers of the log may see. */
  final Name visibleBelow;

  Tables(String prefix) {
    this.prefix = prefix;
    this.events = DSL.table(DSL.name(prefix + "events"));
    this.snapshots = DSL.table(DSL.name(prefix + "snapshots"));
    this.lock = DSL.table(DSL.name(prefix + "lock"));
    this.tracking = DSL.table(DSL.name(prefix + "tracking"));
    this.subjectKeys = DSL.table(DSL.name(prefix + "subject_keys"));
    this.checkpoints = DSL.table(DSL.name(prefix + "checkpoints"));
    this.reserveIds = DSL.name(prefix + "reserve_ids");
    this.visibleBelow = DSL.name(prefix + "visible_below");
  }
}
