package dev.recount.jooq;

import dev.recount.dcb.Query;
import dev.recount.dcb.QueryItem;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL of a DCB query, in the plain SQL that H2, PostgreSQL and MariaDB all read: the ids of the
 * events matching any item, each item one SELECT (an item with tags starts from the rarest thing it
 * can name, a tag row, and joins one more tag row per further tag; one with only types uses the
 * events' topic index; one with neither matches every event), combined with UNION. Parameters are
 * bound in the order they were written, by {@link #bind}.
 */
final class DcbSql {
  private final String events;
  private final String tags;
  /** The quoted column names. */
  private final String id;

  private final String tag;
  private final String topic;
  private final StringBuilder sql = new StringBuilder();
  private final List<Object> parameters = new ArrayList<>();

  private DcbSql(Dialect dialect, String prefix) {
    this.events = dialect.quote(prefix + "events");
    this.tags = dialect.quote(prefix + "event_tags");
    this.id = dialect.quote("notification_id");
    this.tag = dialect.quote("tag");
    this.topic = dialect.quote("topic");
  }

  /**
   * The ids of the events matching {@code query} with ids in ({@code after}, {@code upTo}]; no
   * upper bound if {@code upTo} is {@link Long#MAX_VALUE}.
   */
  static DcbSql matchingIds(Dialect dialect, String prefix, Query query, long after, long upTo) {
    DcbSql sql = new DcbSql(dialect, prefix);
    String union = "";
    for (QueryItem item : query.items()) {
      sql.sql.append(union);
      sql.item(item, after, upTo);
      union = " UNION ";
    }
    return sql;
  }

  private void item(QueryItem item, long after, long upTo) {
    List<String> itemTags = new ArrayList<>(item.tags());
    itemTags.sort(null); // a stable statement text for the same item
    if (itemTags.isEmpty()) {
      sql.append("SELECT e." + id + " FROM ").append(events).append(" e WHERE ");
      if (!item.types().isEmpty()) {
        topicIn(item);
        sql.append(" AND ");
      }
      bounds("e", after, upTo);
      return;
    }
    sql.append("SELECT t0." + id + " FROM ").append(tags).append(" t0");
    for (int i = 1; i < itemTags.size(); i++) {
      sql.append(" JOIN ")
          .append(tags)
          .append(" t")
          .append(i)
          .append(" ON t")
          .append(i)
          .append("." + id + " = t0." + id + " AND t")
          .append(i)
          .append("." + tag + " = ?");
      parameters.add(itemTags.get(i));
    }
    if (!item.types().isEmpty()) {
      sql.append(" JOIN ").append(events).append(" e ON e." + id + " = t0." + id + " AND ");
      topicIn(item);
    }
    sql.append(" WHERE t0." + tag + " = ? AND ");
    parameters.add(itemTags.get(0));
    bounds("t0", after, upTo);
  }

  private void topicIn(QueryItem item) {
    List<String> types = new ArrayList<>(item.types());
    types.sort(null);
    sql.append("e." + topic + " IN (");
    for (int i = 0; i < types.size(); i++) {
      sql.append(i == 0 ? "?" : ", ?");
      parameters.add(types.get(i));
    }
    sql.append(")");
  }

  private void bounds(String alias, long after, long upTo) {
    sql.append(alias).append("." + id + " > ?");
    parameters.add(after);
    if (upTo != Long.MAX_VALUE) {
      sql.append(" AND ").append(alias).append("." + id + " <= ?");
      parameters.add(upTo);
    }
  }

  /** The statement's text. */
  String sql() {
    return sql.toString();
  }

  /** Binds the parameters from {@code first} on; returns the next free index. */
  int bind(PreparedStatement statement, int first) throws SQLException {
    int index = first;
    for (Object parameter : parameters) {
      if (parameter instanceof Long number) {
        statement.setLong(index++, number);
      } else {
        statement.setString(index++, (String) parameter);
      }
    }
    return index;
  }
}
