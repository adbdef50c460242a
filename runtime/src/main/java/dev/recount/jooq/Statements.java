package dev.recount.jooq;

import static dev.recount.jooq.Tables.FINGERPRINT;
import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.HEAD;
import static dev.recount.jooq.Tables.LOCK_ID;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.PREVIOUS_HASH;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;

import org.jooq.DSLContext;
import org.jooq.Param;
import org.jooq.conf.ParamType;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The recorder's frequent statements, rendered once by jOOQ for the dialect with {@code ?} for
 * every value, and then run as plain prepared statements. Rendering a jOOQ query and binding its
 * values through jOOQ cost several times what H2 takes to run it (and jOOQ binds {@code byte[]} to
 * H2 as a BLOB, which H2 copies through its LOB store), so the hot paths only borrow jOOQ's
 * dialect knowledge. Each string's parameters are listed where it is built.
 */
final class Statements {
  /** Takes the writers' lock row: no parameters. */
  final String lock;
  /** The largest notification id: no parameters. */
  final String maxNotificationId;
  /** One event: notification id, originator id, version, topic, timestamp, state, previous, hash. */
  final String insertEvent;
  /** One snapshot: originator id, version, topic, timestamp, fingerprint, state, head, hash. */
  final String insertSnapshot;
  /** An aggregate's events by version ascending: originator id, from, to, limit. */
  final String eventsAscending;
  /** The same, descending. */
  final String eventsDescending;
  /** The newest snapshot at or below a version: originator id, version. */
  final String latestSnapshot;
  /** Events from a notification id, of every topic: from id, limit. */
  final String notifications;

  Statements(DSLContext dsl, Tables tables) {
    lock = render(dsl, dsl.select(LOCK_ID).from(tables.lock).where(LOCK_ID.eq(DSL.inline(1)))
        .forUpdate());
    maxNotificationId = render(dsl, dsl.select(DSL.max(NOTIFICATION_ID)).from(tables.events));
    insertEvent = render(dsl, dsl.insertInto(tables.events, NOTIFICATION_ID, ORIGINATOR_ID,
            ORIGINATOR_VERSION, TOPIC, TIMESTAMP, STATE, PREVIOUS_HASH, HASH)
        .values(longParam(), uuidParam(), longParam(), stringParam(), longParam(), bytesParam(),
            bytesParam(), bytesParam()));
    insertSnapshot = render(dsl, dsl.insertInto(tables.snapshots, ORIGINATOR_ID,
            ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH)
        .values(uuidParam(), longParam(), stringParam(), longParam(), stringParam(), bytesParam(),
            bytesParam(), bytesParam()));
    eventsAscending = render(dsl, dsl.select(NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION,
            TOPIC, TIMESTAMP, STATE, PREVIOUS_HASH, HASH)
        .from(tables.events)
        .where(ORIGINATOR_ID.eq(uuidParam()))
        .and(ORIGINATOR_VERSION.between(longParam(), longParam()))
        .orderBy(ORIGINATOR_VERSION.asc())
        .limit(intParam()));
    eventsDescending = render(dsl, dsl.select(NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION,
            TOPIC, TIMESTAMP, STATE, PREVIOUS_HASH, HASH)
        .from(tables.events)
        .where(ORIGINATOR_ID.eq(uuidParam()))
        .and(ORIGINATOR_VERSION.between(longParam(), longParam()))
        .orderBy(ORIGINATOR_VERSION.desc())
        .limit(intParam()));
    latestSnapshot = render(dsl, dsl.select(ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP,
            FINGERPRINT, STATE, HEAD, HASH)
        .from(tables.snapshots)
        .where(ORIGINATOR_ID.eq(uuidParam()))
        .and(ORIGINATOR_VERSION.le(longParam()))
        .orderBy(ORIGINATOR_VERSION.desc())
        .limit(DSL.inline(1)));
    notifications = render(dsl, dsl.select(NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION,
            TOPIC, TIMESTAMP, STATE, PREVIOUS_HASH, HASH)
        .from(tables.events)
        .where(NOTIFICATION_ID.ge(longParam()))
        .orderBy(NOTIFICATION_ID.asc())
        .limit(intParam()));
  }

  private static String render(DSLContext dsl, org.jooq.Query query) {
    return dsl.renderContext().paramType(ParamType.INDEXED).render(query);
  }

  private static Param<Long> longParam() {
    return DSL.param(SQLDataType.BIGINT);
  }

  private static Param<Integer> intParam() {
    return DSL.param(SQLDataType.INTEGER);
  }

  private static Param<String> stringParam() {
    return DSL.param(SQLDataType.VARCHAR);
  }

  private static Param<java.util.UUID> uuidParam() {
    return DSL.param(SQLDataType.UUID);
  }

  private static Param<byte[]> bytesParam() {
    return DSL.param(SQLDataType.VARBINARY);
  }
}
