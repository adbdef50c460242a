package dev.recount.jooq;

import static dev.recount.jooq.Tables.EVENT_COLUMNS;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.TOPIC;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The log read by topic, from an id and below a bound, in id order: what followers and projections
 * of some topics read. A plain prepared statement per number of topics, rendered once (through jOOQ
 * each read cost more than the read itself, and jOOQ binds the state to H2 as a BLOB).
 *
 * <p>On H2 the topics are one branch each, {@code (... topic = ? AND id range ORDER BY id LIMIT n)
 * UNION ALL (...) ORDER BY 1 LIMIT n}: H2 2.3 plans {@code topic IN (...)} with the id range on the
 * {@code (topic, notification_id)} index without the range (its {@code EXPLAIN ANALYZE} counts
 * every row of the topics scanned, whatever the range), so each read cost a scan of the topics'
 * rows; with one topic per branch it seeks to the range, and scans only the rows it returns. A
 * range no wider than the limit (a reader of dense topics, a window at a time) it reads whole and
 * filters here. PostgreSQL and MariaDB plan the {@code IN} list with the range, and keep it.
 */
final class TopicNotifications {
  private final DSLContext dsl;
  private final Tables tables;
  private final PlainStatements plain;
  private final boolean h2;
  /** The statement for each number of topics asked for so far. */
  private final Map<Integer, String> byCount = new ConcurrentHashMap<>();

  TopicNotifications(DSLContext dsl, Tables tables, PlainStatements plain, Dialect dialect) {
    this.dsl = dsl;
    this.tables = tables;
    this.plain = plain;
    this.h2 = dialect == Dialect.H2;
  }

  /** Up to {@code limit} events of {@code topics} from {@code fromId} and below {@code below}. */
  List<StoredEvent> read(
      Connection connection, long fromId, long below, int limit, Set<String> topics)
      throws SQLException {
    if (h2 && below - fromId <= limit) {
      return filtered(connection, fromId, below, limit, topics);
    }
    List<String> sorted = new ArrayList<>(topics);
    Collections.sort(sorted); // the same text for the same set: the driver's cache can keep it
    String sql = byCount.computeIfAbsent(sorted.size(), this::render);
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      int index = 1;
      if (union(sorted.size())) {
        for (String topic : sorted) {
          select.setLong(index++, fromId);
          select.setLong(index++, below);
          select.setString(index++, topic);
          select.setInt(index++, limit);
        }
      } else {
        select.setLong(index++, fromId);
        select.setLong(index++, below);
        for (String topic : sorted) {
          select.setString(index++, topic);
        }
      }
      select.setInt(index, limit);
      List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1000));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(plain.event(rows));
        }
      }
      return events;
    }
  }

  /**
   * A range no wider than the limit, read whole on the primary key and filtered here: the rows the
   * filtered query would return, as it cannot return more than the range holds. It reads the rows
   * of other topics of the range too, at most {@code limit}, in id order; through the topic index
   * H2 would look each row up again by its key and sort the branches' rows.
   */
  private List<StoredEvent> filtered(
      Connection connection, long fromId, long below, int limit, Set<String> topics)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(plain.notifications)) {
      select.setLong(1, fromId);
      select.setLong(2, below);
      select.setInt(3, limit);
      List<StoredEvent> events = new ArrayList<>(limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (topics.contains(rows.getString(4))) {
            events.add(plain.event(rows));
          }
        }
      }
      return events;
    }
  }

  /** H2 with several topics; with one, H2 reads {@code topic IN (?)} as {@code topic = ?}. */
  private boolean union(int topics) {
    return h2 && topics > 1;
  }

  private String render(int topics) {
    if (!union(topics)) {
      List<org.jooq.Param<String>> names = new ArrayList<>();
      for (int i = 0; i < topics; i++) {
        names.add(DSL.param(SQLDataType.VARCHAR));
      }
      return dsl.render(dsl.select(EVENT_COLUMNS)
          .from(tables.events)
          .where(NOTIFICATION_ID.ge(DSL.param(SQLDataType.BIGINT)))
          .and(NOTIFICATION_ID.lt(DSL.param(SQLDataType.BIGINT)))
          .and(TOPIC.in(names))
          .orderBy(NOTIFICATION_ID.asc())
          .limit(DSL.param(SQLDataType.INTEGER)));
    }
    String branch = "("
        + dsl.render(dsl.select(EVENT_COLUMNS)
            .from(tables.events)
            .where(NOTIFICATION_ID.ge(DSL.param(SQLDataType.BIGINT)))
            .and(NOTIFICATION_ID.lt(DSL.param(SQLDataType.BIGINT)))
            .and(TOPIC.eq(DSL.param(SQLDataType.VARCHAR)))
            .orderBy(NOTIFICATION_ID.asc())
            .limit(DSL.param(SQLDataType.INTEGER)))
        + ")";
    return String.join(" UNION ALL ", Collections.nCopies(topics, branch))
        + " ORDER BY 1 FETCH FIRST ? ROWS ONLY";
  }
}
