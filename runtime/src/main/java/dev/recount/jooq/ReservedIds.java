package dev.recount.jooq;

import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.METADATA;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.PREVIOUS_HASH;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.CommonTableExpression;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStep9;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Record1;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * PostgreSQL: each save's first insert reserves its block of ids ({@code <prefix>reserve_ids},
 * under an advisory lock held for microseconds) and marks the block in flight with a
 * transaction-level advisory lock held until the transaction ends; readers see only ids below the
 * oldest block in flight ({@code <prefix>visible_below}). Writers commit in parallel, a save may
 * join a transaction that has written before, and a failed save leaves a gap in the ids.
 */
final class ReservedIds implements IdAssignment {
  private final DSLContext dsl;
  private final Tables tables;
  private final PlainStatements plain;
  /** {@code select "<prefix>visible_below"()} */
  private final String visibleBelowSql;
  /** The rendered reserving INSERT by number of rows, for up to 64 rows. */
  private final Map<Integer, String> reservingSql = new ConcurrentHashMap<>();

  ReservedIds(DSLContext dsl, Tables tables, PlainStatements plain) {
    this.dsl = dsl;
    this.tables = tables;
    this.plain = plain;
    this.visibleBelowSql =
        dsl.render(DSL.select(DSL.function(tables.visibleBelow, SQLDataType.BIGINT)));
  }

  /** Below the oldest block in flight: the ids of ended transactions. */
  @Override
  public long visibleBelow(Connection connection) throws SQLException {
    try (PreparedStatement bound = connection.prepareStatement(visibleBelowSql);
        ResultSet row = bound.executeQuery()) {
      row.next();
      return row.getLong(1);
    }
  }

  @Override
  public void check(Schema schema) {
    schema.checkReservation();
  }

  /** Only the rows after the first statement's go through jOOQ. */
  @Override
  public boolean needsContext(int events) {
    return events > Inserts.ROWS_PER_STATEMENT;
  }

  /**
   * The first INSERT reserves the ids of all the events (and so the transaction's id) in a CTE, and
   * numbers its rows from the first reserved id; later chunks continue the block.
   *
   * <p>This is the path every save takes, and the one whose throughput matters: jOOQ renders the
   * statement once per number of rows, and JDBC runs it, which halves the client's CPU per save.
   * {@code tx} is needed (and given) only for more than {@link Inserts#ROWS_PER_STATEMENT} events.
   */
  @Override
  public List<StoredEvent> insert(Connection connection, DSLContext tx, List<StoredEvent> events)
      throws SQLException {
    int firstChunk = Math.min(events.size(), Inserts.ROWS_PER_STATEMENT);
    long firstId = Long.MAX_VALUE;
    int inserted = 0;
    try (PreparedStatement insert = connection.prepareStatement(reservingSql(firstChunk))) {
      int parameter = 1;
      insert.setInt(parameter++, events.size());
      for (StoredEvent event : events.subList(0, firstChunk)) {
        parameter = plain.bindEventColumns(insert, parameter, event);
      }
      try (ResultSet ids = insert.executeQuery()) {
        while (ids.next()) {
          firstId = Math.min(firstId, ids.getLong(1));
          inserted++;
        }
      }
    }
    if (inserted != firstChunk) {
      throw new IllegalStateException("inserted " + inserted + " rows of " + firstChunk);
    }
    List<StoredEvent> stored = Inserts.numbered(events, firstId);
    for (int from = firstChunk; from < stored.size(); from += Inserts.ROWS_PER_STATEMENT) {
      List<StoredEvent> chunk =
          stored.subList(from, Math.min(stored.size(), from + Inserts.ROWS_PER_STATEMENT));
      InsertValuesStep9<Record, Long, UUID, Long, String, Long, byte[], byte[], byte[], byte[]>
          rest = insertEvents(tx);
      for (StoredEvent event : chunk) {
        rest = rest.values(
            event.notificationId(),
            event.originatorId(),
            event.originatorVersion(),
            event.topic(),
            event.timestampMicros(),
            event.state(),
            event.previousHash(),
            event.hash(),
            event.metadata());
      }
      rest.execute();
    }
    return stored;
  }

  /**
   * The reserving INSERT of {@code rows} events, as jOOQ renders it for PostgreSQL:
   *
   * <pre>{@code
   * with "reserved"("first") as (select "<prefix>reserve_ids"(?))
   * insert into "<prefix>events" ("notification_id", "originator_id", ...)
   * values ((select "reserved"."first" from "reserved") + 0, ?, ?, ?, ?, ?, ?, ?, ?), ...
   * returning "notification_id"
   * }</pre>
   *
   * Its parameters: the number of events to reserve ids for, then eight per row.
   */
  private String reservingSql(int rows) {
    String cached = reservingSql.get(rows);
    if (cached != null) {
      return cached;
    }
    Name reserved = DSL.name("reserved");
    Field<Long> firstColumn = DSL.field(DSL.name("reserved", "first"), SQLDataType.BIGINT);
    CommonTableExpression<Record1<Long>> reserve = reserved
        .fields("first")
        .as(DSL.select(
            DSL.function(tables.reserveIds, SQLDataType.BIGINT, DSL.val(0, SQLDataType.INTEGER))));
    Field<Long> first = DSL.field(DSL.select(firstColumn).from(reserved));
    var insert = dsl.with(reserve)
        .insertInto(
            tables.events,
            NOTIFICATION_ID,
            ORIGINATOR_ID,
            ORIGINATOR_VERSION,
            TOPIC,
            TIMESTAMP,
            STATE,
            PREVIOUS_HASH,
            HASH,
            METADATA);
    for (int i = 0; i < rows; i++) {
      insert = insert.values(
          first.plus(DSL.inline(i)),
          DSL.val(null, ORIGINATOR_ID),
          DSL.val(null, ORIGINATOR_VERSION),
          DSL.val(null, TOPIC),
          DSL.val(null, TIMESTAMP),
          DSL.val(null, STATE),
          DSL.val(null, PREVIOUS_HASH),
          DSL.val(null, HASH),
          DSL.val(null, METADATA));
    }
    String sql = dsl.render(insert.returning(NOTIFICATION_ID));
    if (rows <= 64) {
      reservingSql.put(rows, sql);
    }
    return sql;
  }

  private InsertValuesStep9<Record, Long, UUID, Long, String, Long, byte[], byte[], byte[], byte[]>
      insertEvents(DSLContext tx) {
    return tx.insertInto(
        tables.events,
        NOTIFICATION_ID,
        ORIGINATOR_ID,
        ORIGINATOR_VERSION,
        TOPIC,
        TIMESTAMP,
        STATE,
        PREVIOUS_HASH,
        HASH,
        METADATA);
  }
}
