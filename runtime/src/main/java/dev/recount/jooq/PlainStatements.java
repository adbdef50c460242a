package dev.recount.jooq;

import static dev.recount.jooq.Tables.CREATED_US;
import static dev.recount.jooq.Tables.EVENT_COLUMNS;
import static dev.recount.jooq.Tables.FINGERPRINT;
import static dev.recount.jooq.Tables.FORGOTTEN_US;
import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.HEAD;
import static dev.recount.jooq.Tables.LOCK_ID;
import static dev.recount.jooq.Tables.METADATA;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.PREVIOUS_HASH;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.SUBJECT_ID;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;
import static dev.recount.jooq.Tables.WRAPPED_KEY;

import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.SubjectKeyTable;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The recorder's hottest statements (loading an aggregate, the locked insert of H2), rendered once
 * by jOOQ for the dialect with {@code ?} for every value and run as plain prepared statements.
 * Rendering and binding through jOOQ on every call cost several times what H2 takes to run them,
 * and jOOQ binds {@code byte[]} to H2 as a BLOB, which H2 copies through its LOB store. Each
 * string's parameters are listed where it is declared.
 */
final class PlainStatements {
  /**
   * Takes the writers' lock row, by updating it to what it holds: no parameters. An update locks
   * the row until commit like {@code SELECT ... FOR UPDATE} does, but H2 keeps it prepared, while
   * it parses a locking select again on every call.
   */
  final String lock;
  /** The largest notification id: no parameters. */
  final String maxNotificationId;
  /** The largest notification id below a bound readers may see, no rows if none: the bound. */
  final String maxVisibleNotificationId;
  /**
   * One event: notification id, originator id, version, topic, timestamp, state, previous hash,
   * hash, metadata.
   */
  final String insertEvent;
  /** An aggregate's events by version ascending: originator id, from, to, limit. */
  final String eventsAscending;
  /** The same, descending. */
  final String eventsDescending;
  /** The newest snapshot at or below a version: originator id, version. */
  final String latestSnapshot;
  /**
   * An aggregate's events after its newest snapshot at or below a version, up to that version, by
   * version: originator id, originator id, version, version. Rows as {@link #eventOf}.
   */
  final String eventsAfterSnapshot;
  /**
   * SUBJECT_KEYS: one aggregate's row of subject keys: subject id. Rows as {@link #subjectKeyOf}.
   */
  final String subjectKey;
  /**
   * PostgreSQL: {@link #subjectKey} and {@link #eventsAfterSnapshot} in one text, sent in one round
   * trip: subject id, then the latter's parameters.
   */
  final String subjectKeyAndEvents;
  /**
   * H2: {@link #subjectKey} and {@link #eventsAfterSnapshot} as one statement, the key row joined
   * once (to a one-row table) and the events joined to it: subject id, then the latter's
   * parameters. Rows: the key row's three columns (all null if it has none) then the columns of
   * {@link #eventsAfterSnapshot} (all null if there are no events), one row at least.
   */
  final String subjectKeyJoinEvents;

  /**
   * Every event by (originator id, version), with the columns of the snapshot at its version (null
   * if none): no parameters. Rows as {@link #event} and {@link #snapshotAfterEvent}.
   */
  final String eventsWithSnapshots;
  /**
   * As {@link #eventsWithSnapshots}, with one row per stored tag of the event (its last column,
   * {@link #scanTagColumn}; one row with null if it has none).
   */
  final String eventsWithSnapshotsAndTags;
  /** The column of {@link #eventsWithSnapshotsAndTags} that holds the tag. */
  final int scanTagColumn;
  /** Every snapshot's originator id and version: no parameters. */
  final String snapshotKeys;

  /** Every event by (originator id, version): no parameters. Rows as {@link #event}. */
  final String eventsInKeyOrder;
  /** Every snapshot, in no order: no parameters. Rows as {@link #snapshot}. */
  final String allSnapshots;

  private final DSLContext dsl;
  private final Tables tables;
  private final boolean uuidsAsText;

  PlainStatements(DSLContext dsl, Tables tables, Dialect dialect) {
    this.dsl = dsl;
    this.tables = tables;
    // jOOQ binds UUIDs to MariaDB as text; its driver knows no java.util.UUID.
    this.uuidsAsText = dialect == Dialect.MARIADB;
    lock = render(
        dsl, dsl.update(tables.lock).set(LOCK_ID, DSL.inline(1)).where(LOCK_ID.eq(DSL.inline(1))));
    maxNotificationId = render(dsl, dsl.select(DSL.max(NOTIFICATION_ID)).from(tables.events));
    // Not MAX(...) WHERE id < ?: H2 answers that by scanning every row below the bound (its
    // direct MAX lookup is for MAX without a condition); ORDER BY ... DESC reads one index entry
    // on all three databases.
    maxVisibleNotificationId = render(
        dsl,
        dsl.select(NOTIFICATION_ID)
            .from(tables.events)
            .where(NOTIFICATION_ID.lt(longParam()))
            .orderBy(NOTIFICATION_ID.desc())
            .limit(DSL.inline(1)));
    notifications = render(
        dsl,
        dsl.select(EVENT_COLUMNS)
            .from(tables.events)
            .where(NOTIFICATION_ID.ge(longParam()))
            .and(NOTIFICATION_ID.lt(longParam()))
            .orderBy(NOTIFICATION_ID.asc())
            .limit(intParam()));
    insertEvent = render(
        dsl,
        dsl.insertInto(
                tables.events,
                NOTIFICATION_ID,
                ORIGINATOR_ID,
                ORIGINATOR_VERSION,
                TOPIC,
                TIMESTAMP,
                STATE,
                PREVIOUS_HASH,
                HASH,
                METADATA)
            .values(
                longParam(),
                uuidParam(),
                longParam(),
                stringParam(),
                longParam(),
                bytesParam(),
                bytesParam(),
                bytesParam(),
                bytesParam()));
    eventsAscending =
        render(dsl, events(dsl, tables).orderBy(ORIGINATOR_VERSION.asc()).limit(intParam()));
    eventsDescending =
        render(dsl, events(dsl, tables).orderBy(ORIGINATOR_VERSION.desc()).limit(intParam()));
    latestSnapshot = render(
        dsl,
        dsl.select(
                ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH)
            .from(tables.snapshots)
            .where(ORIGINATOR_ID.eq(uuidParam()))
            .and(ORIGINATOR_VERSION.le(longParam()))
            .orderBy(ORIGINATOR_VERSION.desc())
            .limit(DSL.inline(1)));
    List<Field<?>> columns = new ArrayList<>();
    for (Field<?> column : EVENT_COLUMNS) {
      columns.add(qualified("e", column));
    }
    for (Field<?> column : List.of(TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH)) {
      columns.add(qualified("s", column));
    }
    eventsWithSnapshots = render(
        dsl,
        dsl.select(columns)
            .from(tables.events.as("e"))
            .leftJoin(tables.snapshots.as("s"))
            .on(snapshotOfEvent())
            .orderBy(
                qualified("e", ORIGINATOR_ID).asc(),
                qualified("e", ORIGINATOR_VERSION).asc()));
    // The tags joined into the one stream, not read beside it: a second statement on the scan's
    // connection would make MariaDB's driver buffer the rest of the stream, and one on another
    // connection would need a second connection of the pool.
    Field<String> tag = DSL.field(DSL.name("t", "tag"), String.class);
    List<Field<?>> tagged = new ArrayList<>(columns);
    tagged.add(tag);
    scanTagColumn = tagged.size();
    eventsWithSnapshotsAndTags = render(
        dsl,
        dsl.select(tagged)
            .from(tables.events.as("e"))
            .leftJoin(tables.snapshots.as("s"))
            .on(snapshotOfEvent())
            .leftJoin(DSL.table(DSL.name(tables.prefix + "event_tags")).as("t"))
            .on(DSL.field(DSL.name("t", "notification_id"), Long.class)
                .eq(qualified("e", NOTIFICATION_ID)))
            .orderBy(
                qualified("e", ORIGINATOR_ID).asc(),
                qualified("e", ORIGINATOR_VERSION).asc()));
    snapshotKeys =
        render(dsl, dsl.select(ORIGINATOR_ID, ORIGINATOR_VERSION).from(tables.snapshots));
    eventsInKeyOrder = render(
        dsl,
        dsl.select(EVENT_COLUMNS)
            .from(tables.events)
            .orderBy(ORIGINATOR_ID.asc(), ORIGINATOR_VERSION.asc()));
    allSnapshots = render(
        dsl,
        dsl.select(
                ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH)
            .from(tables.snapshots));
    // Not MAX(): PostgreSQL's planner, misled by the statistics of a young table, aggregated
    // over every snapshot of the aggregate instead of reading the newest from the index.
    Field<Long> newestSnapshot = DSL.field(dsl.select(ORIGINATOR_VERSION)
        .from(tables.snapshots)
        .where(ORIGINATOR_ID.eq(uuidParam()))
        .and(ORIGINATOR_VERSION.le(longParam()))
        .orderBy(ORIGINATOR_VERSION.desc())
        .limit(DSL.inline(1)));
    eventsAfterSnapshot = render(
        dsl,
        dsl.select(
                NOTIFICATION_ID,
                ORIGINATOR_VERSION,
                TOPIC,
                TIMESTAMP,
                STATE,
                PREVIOUS_HASH,
                HASH,
                METADATA)
            .from(tables.events)
            .where(ORIGINATOR_ID.eq(uuidParam()))
            .and(ORIGINATOR_VERSION.gt(DSL.coalesce(newestSnapshot, DSL.inline(0L))))
            .and(ORIGINATOR_VERSION.le(longParam()))
            .orderBy(ORIGINATOR_VERSION.asc()));
    subjectKey = render(
        dsl,
        dsl.select(WRAPPED_KEY, CREATED_US, FORGOTTEN_US)
            .from(tables.subjectKeys)
            .where(SUBJECT_ID.eq(uuidParam())));
    subjectKeyAndEvents = subjectKey + ";\n" + eventsAfterSnapshot;
    // Not a UNION: H2 caches the parse of a plain select only, and parsed the union on every load.
    // The one-row table drives, so H2 looks up the key row once, not once per event row.
    subjectKeyJoinEvents = render(
        dsl,
        dsl.select(
                qualified("k", WRAPPED_KEY),
                qualified("k", CREATED_US),
                qualified("k", FORGOTTEN_US),
                qualified("e", NOTIFICATION_ID),
                qualified("e", ORIGINATOR_VERSION),
                qualified("e", TOPIC),
                qualified("e", TIMESTAMP),
                qualified("e", STATE),
                qualified("e", PREVIOUS_HASH),
                qualified("e", HASH),
                qualified("e", METADATA))
            .from(DSL.selectOne().asTable("o"))
            .leftJoin(tables.subjectKeys.as("k"))
            .on(qualified("k", SUBJECT_ID).eq(uuidParam()))
            .leftJoin(tables.events.as("e"))
            .on(qualified("e", ORIGINATOR_ID).eq(uuidParam()))
            .and(
                qualified("e", ORIGINATOR_VERSION).gt(DSL.coalesce(newestSnapshot, DSL.inline(0L))))
            .and(qualified("e", ORIGINATOR_VERSION).le(longParam()))
            .orderBy(qualified("e", ORIGINATOR_VERSION).asc()));
  }

  /**
   * The subject key row of {@code id} from the columns wrapped key, created and forgotten starting
   * at {@code first}.
   */
  SubjectKeyTable.Row subjectKeyOf(UUID id, ResultSet row, int first) throws SQLException {
    return new SubjectKeyTable.Row(
        id, row.getBytes(first), row.getLong(first + 1), row.getLong(first + 2));
  }

  /**
   * The events of every topic from a notification id and below the bound readers may see
   * ({@link IdAssignment#visibleBelow}), in log order: from id, bound, limit.
   */
  final String notifications;

  private static org.jooq.SelectConditionStep<?> events(DSLContext dsl, Tables tables) {
    return dsl.select(EVENT_COLUMNS)
        .from(tables.events)
        .where(ORIGINATOR_ID.eq(uuidParam()))
        .and(ORIGINATOR_VERSION.between(longParam(), longParam()));
  }

  /**
   * Binds an event's columns after its notification id (originator id, version, topic, timestamp,
   * state, previous hash, hash, metadata), from {@code parameter} on; returns the next parameter.
   */
  int bindEventColumns(PreparedStatement statement, int parameter, StoredEvent event)
      throws SQLException {
    setUuid(statement, parameter, event.originatorId());
    statement.setLong(parameter + 1, event.originatorVersion());
    statement.setString(parameter + 2, event.topic());
    statement.setLong(parameter + 3, event.timestampMicros());
    statement.setBytes(parameter + 4, event.state());
    statement.setBytes(parameter + 5, event.previousHash());
    statement.setBytes(parameter + 6, event.hash());
    statement.setBytes(parameter + 7, event.metadata());
    return parameter + 8;
  }

  void setUuid(PreparedStatement statement, int index, UUID value) throws SQLException {
    if (uuidsAsText) {
      statement.setString(index, value.toString());
    } else {
      statement.setObject(index, value);
    }
  }

  UUID getUuid(ResultSet row, int index) throws SQLException {
    return uuidsAsText ? UUID.fromString(row.getString(index)) : row.getObject(index, UUID.class);
  }

  /**
   * Maps a row of {@link #eventsAscending}, {@link #eventsDescending} or {@link #notifications}.
   */
  StoredEvent event(ResultSet row) throws SQLException {
    return new StoredEvent(
        getUuid(row, 2),
        row.getLong(3),
        row.getString(4),
        row.getLong(5),
        row.getBytes(6),
        row.getBytes(7),
        row.getBytes(8),
        row.getLong(1),
        row.getBytes(9));
  }

  /**
   * Maps a row of {@link #eventsAfterSnapshot}, which leaves out the originator id: the caller
   * knows it.
   */
  StoredEvent eventOf(UUID id, ResultSet row) throws SQLException {
    return eventOf(id, row, 0);
  }

  /** As {@link #eventOf(UUID, ResultSet)}, with {@code before} columns ahead of the event's. */
  StoredEvent eventOf(UUID id, ResultSet row, int before) throws SQLException {
    return new StoredEvent(
        id,
        row.getLong(before + 2),
        row.getString(before + 3),
        row.getLong(before + 4),
        row.getBytes(before + 5),
        row.getBytes(before + 6),
        row.getBytes(before + 7),
        row.getLong(before + 1),
        row.getBytes(before + 8));
  }

  /**
   * The snapshot of a row of {@link #eventsWithSnapshots}, after its event's columns; {@code null}
   * if the event has none.
   */
  StoredSnapshot snapshotAfterEvent(StoredEvent event, ResultSet row) throws SQLException {
    int first = EVENT_COLUMNS.size() + 1;
    String topic = row.getString(first);
    if (topic == null) {
      return null;
    }
    return new StoredSnapshot(
        event.originatorId(),
        event.originatorVersion(),
        topic,
        row.getLong(first + 1),
        row.getString(first + 2),
        row.getBytes(first + 3),
        row.getBytes(first + 4),
        row.getBytes(first + 5));
  }

  private static org.jooq.Condition snapshotOfEvent() {
    return qualified("s", ORIGINATOR_ID)
        .eq(qualified("e", ORIGINATOR_ID))
        .and(qualified("s", ORIGINATOR_VERSION).eq(qualified("e", ORIGINATOR_VERSION)));
  }

  private static <T> Field<T> qualified(String alias, Field<T> column) {
    return DSL.field(DSL.name(alias, column.getName()), column.getDataType());
  }

  /** Maps a row of {@link #latestSnapshot} or {@link #allSnapshots}. */
  StoredSnapshot snapshot(ResultSet row) throws SQLException {
    return new StoredSnapshot(
        getUuid(row, 1),
        row.getLong(2),
        row.getString(3),
        row.getLong(4),
        row.getString(5),
        row.getBytes(6),
        row.getBytes(7),
        row.getBytes(8));
  }

  private static String render(DSLContext dsl, Query query) {
    return dsl.render(query); // ? placeholders: Database leaves Settings.paramType at INDEXED
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

  private static Param<UUID> uuidParam() {
    return DSL.param(SQLDataType.UUID);
  }

  private static Param<byte[]> bytesParam() {
    return DSL.param(SQLDataType.VARBINARY);
  }
}
