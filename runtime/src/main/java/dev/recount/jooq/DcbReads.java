package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.dcb.Query;
import dev.recount.internal.Recorder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jooq.exception.DataAccessException;

/**
 * The DCB read: first the head, then the matching events up to it, then their tags. On H2 and
 * MariaDB the head is the largest id the notification log shows: every id up to it belongs to a
 * transaction that has ended (on H2 writers commit one at a time in id order; on MariaDB the log
 * shows no id a transaction still holding its slot may have taken), and no later save can take one,
 * so the two statements read one moment without a transaction around them. PostgreSQL's writers
 * commit in parallel: see {@link #lockedRead}.
 */
final class DcbReads {

  /** Ids per IN list when reading tags. */
  private static final int IDS_PER_STATEMENT = 500;

  private final Database database;
  private final Dialect dialect;
  private final String prefix;
  private final PlainStatements plain;
  private final Reads reads;
  /** The quoted columns. */
  private final String id;

  private final String tag;
  private final String columns;
  /** PostgreSQL: the boundary locks, and the largest committed id; else null. */
  private final KeyLocks keyLocks;

  private final String maxCommittedId;

  DcbReads(
      Database database, String prefix, PlainStatements plain, Reads reads, KeyLocks keyLocks) {
    this.keyLocks = keyLocks;
    // PostgreSQL only (the locked read). Each statement of the read is an index access by design,
    // and so it must be planned whether or not the tables were ever analyzed: without statistics
    // (autovacuum off, or not yet run after a bulk load) the planner takes the event_tags lookup
    // by notification id for 40% of the table and scans all of it (a second at 1,000,000 events),
    // and an estimate that high also starts the JIT compiler. The settings last for the read's
    // transaction only.
    this.maxCommittedId = "SELECT coalesce(max(" + database.dialect().quote("notification_id")
        + "), 0), set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true)"
        + " FROM " + database.dialect().quote(prefix + "events");
    this.database = database;
    this.dialect = database.dialect();
    this.prefix = prefix;
    this.plain = plain;
    this.reads = reads;
    this.id = dialect.quote("notification_id");
    this.tag = dialect.quote("tag");
    StringBuilder columns = new StringBuilder();
    for (String column : List.of(
        "notification_id",
        "originator_id",
        "originator_version",
        "topic",
        "timestamp_us",
        "state",
        "previous_hash",
        "hash",
        "metadata")) {
      columns.append(columns.length() == 0 ? "e." : ", e.").append(dialect.quote(column));
    }
    this.columns = columns.toString();
  }

  Recorder.TaggedEvents read(Query query, long after, int limit) {
    if (keyLocks != null) {
      return lockedRead(query, after, limit);
    }
    long head = reads.maxNotificationId();
    if (head <= after) {
      return new Recorder.TaggedEvents(List.of(), List.of(), head);
    }
    try {
      return database
          .dsl()
          .connectionResult(connection -> select(connection, query, after, head, limit));
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the events matching " + query.items() + " at " + database.describe(), e);
    }
  }

  /** The matching events with ids in ({@code after}, {@code head}], and their tags. */
  private Recorder.TaggedEvents select(
      Connection connection, Query query, long after, long head, int limit) throws SQLException {
    // Two simple statements rather than one join: first the matching ids, from the items' own
    // indexes; then those events by id, so that neither plan depends on the other's estimates.
    DcbSql matching = DcbSql.matchingIds(dialect, prefix, query, after, head);
    String idsSql =
        "SELECT m." + id + " FROM (" + matching.sql() + ") m ORDER BY m." + id + " LIMIT ?";
    List<Long> matchingIds = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(idsSql)) {
      int next = matching.bind(select, 1);
      select.setInt(next, limit);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          matchingIds.add(rows.getLong(1));
        }
      }
    }
    List<StoredEvent> events = new ArrayList<>(matchingIds.size());
    for (int from = 0; from < matchingIds.size(); from += IDS_PER_STATEMENT) {
      List<Long> chunk =
          matchingIds.subList(from, Math.min(matchingIds.size(), from + IDS_PER_STATEMENT));
      StringBuilder sql = new StringBuilder("SELECT ")
          .append(columns)
          .append(" FROM ")
          .append(dialect.quote(prefix + "events"))
          .append(" e WHERE e.")
          .append(id)
          .append(" IN (");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(") ORDER BY e.").append(id);
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            events.add(plain.event(rows));
          }
        }
      }
    }
    List<Long> ids = events.stream().map(StoredEvent::notificationId).toList();
    Map<Long, Set<String>> tags = tags(connection, ids);
    List<Set<String>> inOrder = new ArrayList<>(events.size());
    for (Long each : ids) {
      inOrder.add(tags.get(each));
    }
    return new Recorder.TaggedEvents(events, inOrder, head);
  }

  /**
   * PostgreSQL: the visible prefix of the log lags behind what has committed (readers see only ids
   * below the oldest block still in flight, {@link IdAssignment#visibleBelow}), so a head taken
   * from it would be behind the reader's own last append while an older save is open, and its next
   * condition would fail on it. Instead the read takes the query's boundary locks exclusively
   * ({@link KeyLocks}), which waits for every save that could add a matching event and holds off
   * new ones; then every matching event is committed, and the head is the largest committed id: no
   * event at or below it that matches is missing from the read. The head may be above the log's
   * visible prefix; it is a position for a condition's {@code after}, not one from which to follow
   * the log.
   */
  private Recorder.TaggedEvents lockedRead(Query query, long after, int limit) {
    try {
      return database
          .dsl()
          .connectionResult(connection ->
              Transaction.run(connection, database.boundaryIsolation(), () -> {
                keyLocks.lockForRead(connection, query);
                long head;
                try (PreparedStatement max = connection.prepareStatement(maxCommittedId);
                    ResultSet row = max.executeQuery()) {
                  row.next();
                  head = row.getLong(1);
                }
                return head <= after
                    ? new Recorder.TaggedEvents(List.of(), List.of(), head)
                    : select(connection, query, after, head, limit);
              }));
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the events matching " + query.items() + " at " + database.describe(), e);
    }
  }

  Map<Long, Set<String>> tags(List<Long> ids) {
    try {
      return database.dsl().connectionResult(connection -> tags(connection, ids));
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read tags at " + database.describe(), e);
    }
  }

  private Map<Long, Set<String>> tags(Connection connection, List<Long> ids) throws SQLException {
    Map<Long, Set<String>> tags = new HashMap<>();
    for (Long id : ids) {
      tags.put(id, new LinkedHashSet<>());
    }
    for (int from = 0; from < ids.size(); from += IDS_PER_STATEMENT) {
      List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_STATEMENT));
      StringBuilder sql = new StringBuilder("SELECT " + id + ", " + tag + " FROM ")
          .append(dialect.quote(prefix + "event_tags"))
          .append(" WHERE " + id + " IN (");
      for (int i = 0; i < chunk.size(); i++) {
        sql.append(i == 0 ? "?" : ", ?");
      }
      sql.append(")");
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < chunk.size(); i++) {
          select.setLong(i + 1, chunk.get(i));
        }
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            tags.get(rows.getLong(1)).add(rows.getString(2));
          }
        }
      }
    }
    return tags;
  }

  /**
   * Checks at start that the tag table is there and readable, and on PostgreSQL the function that
   * takes the boundary locks.
   */
  void check() {
    if (keyLocks != null) {
      Object function = database
          .dsl()
          .fetchValue(
              "SELECT to_regprocedure(?)::text", "\"" + prefix + "lock_keys\"(bigint[],boolean[])");
      if (function == null) {
        throw new PersistenceError(
            "the function " + prefix + "lock_keys at " + database.describe() + " is missing",
            new IllegalStateException("it takes the locks of consistency boundaries; create it"
                + " with the DDL in docs/DATABASES.md"));
      }
    }
    try {
      database
          .dsl()
          .fetch("SELECT " + id + ", " + tag + " FROM " + dialect.quote(prefix + "event_tags")
              + " WHERE 1 = 0");
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "the table " + prefix + "event_tags at " + database.describe()
              + " is missing, lacks columns, or may not be read by the user (see"
              + " docs/DATABASES.md)",
          e);
    }
  }
}
