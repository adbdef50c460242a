package dev.recount.jooq;

import static dev.recount.jooq.Tables.APPLICATION_NAME;
import static dev.recount.jooq.Tables.FINGERPRINT;
import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.HEAD;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;
import static dev.recount.jooq.Tables.UPSTREAM_NAME;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Recorder;
import dev.recount.internal.Recorder.Replay;
import dev.recount.internal.SubjectKeyTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.RecordMapper;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * What a recorder reads: an aggregate's events, snapshots and replay, the notification log and its
 * last id, the positions of process applications, and the stored aggregates' ids. Readers of the
 * log see only the rows {@code visible} admits, which on PostgreSQL keeps them from seeing an id
 * while a smaller one may still commit ({@link IdAssignment}).
 */
final class Reads {
  private static final RecordMapper<Record, StoredSnapshot> SNAPSHOT = row -> new StoredSnapshot(
      row.get(ORIGINATOR_ID),
      row.get(ORIGINATOR_VERSION),
      row.get(TOPIC),
      row.get(TIMESTAMP),
      row.get(FINGERPRINT),
      row.get(STATE),
      row.get(HEAD),
      row.get(HASH));

  /** Rows a scan fetches from the server at a time. */
  private static final int SCAN_FETCH_SIZE = 1000;

  private final Database database;
  private final DSLContext dsl;
  private final Tables tables;
  private final PlainStatements plain;
  /** Which ids a reader may see: all, or (PostgreSQL) those below the oldest block in flight. */
  private final IdAssignment ids;
  /**
   * Whether a replay reads the subject key row and the events in one round trip (PostgreSQL).
   * MariaDB's driver sends several statements at once only with allowMultiQueries, which the
   * application does not set on the user's connection.
   */
  private final boolean keyWithEvents;
  /**
   * Whether a replay reads the subject key row and the events in one statement (H2), which has no
   * round trip to save but a cost per statement run: about 16% of a one-key load went to the key
   * row's statement of its own (docs/BENCHMARKS.md).
   */
  private final boolean keyJoinEvents;

  private final TopicNotifications byTopic;

  Reads(Database database, Tables tables, PlainStatements plain, IdAssignment ids) {
    this.database = database;
    this.dsl = database.dsl();
    this.tables = tables;
    this.plain = plain;
    this.ids = ids;
    this.byTopic = new TopicNotifications(dsl, tables, plain, database.dialect());
    this.keyWithEvents = database.dialect() == Dialect.POSTGRES;
    this.keyJoinEvents = database.dialect() == Dialect.H2;
  }

  List<StoredEvent> events(
      UUID originatorId, long fromVersion, long toVersion, boolean descending, int limit) {
    try {
      return dsl.connectionResult(connection ->
          events(connection, originatorId, fromVersion, toVersion, descending, limit));
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the events of " + originatorId + " at " + database.describe(), e);
    }
  }

  private List<StoredEvent> events(
      Connection connection,
      UUID originatorId,
      long fromVersion,
      long toVersion,
      boolean descending,
      int limit)
      throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(descending ? plain.eventsDescending : plain.eventsAscending)) {
      plain.setUuid(select, 1, originatorId);
      select.setLong(2, fromVersion);
      select.setLong(3, toVersion);
      select.setInt(4, limit);
      List<StoredEvent> events = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(plain.event(rows));
        }
      }
      return events;
    }
  }

  /**
   * One statement when the aggregate has no snapshot, as most have: its events after the newest
   * snapshot, which start at version 1 only if there is none. Otherwise the snapshot is a second
   * statement: a union of snapshot and events measured slower than this select on all three
   * databases, and on H2 and MariaDB slower than the two statements (docs/BENCHMARKS.md).
   */
  Replay replay(UUID originatorId, long toVersion, boolean withSubjectKey) {
    try {
      return dsl.connectionResult(connection -> {
        List<StoredEvent> events = new ArrayList<>();
        SubjectKeyTable.Row key = null;
        if (withSubjectKey && keyWithEvents) {
          key = subjectKeyAndEvents(connection, originatorId, toVersion, events);
        } else if (withSubjectKey && keyJoinEvents) {
          key = subjectKeyJoinEvents(connection, originatorId, toVersion, events);
        } else {
          if (withSubjectKey) {
            key = subjectKey(connection, originatorId); // MariaDB: a statement of its own
          }
          try (PreparedStatement select = connection.prepareStatement(plain.eventsAfterSnapshot)) {
            bindEventsAfterSnapshot(select, 0, originatorId, toVersion);
            try (ResultSet rows = select.executeQuery()) {
              readEvents(rows, originatorId, events);
            }
          }
        }
        if (!events.isEmpty() && events.get(0).originatorVersion() == 1) {
          return new Replay(null, events, key);
        }
        long below = events.isEmpty() ? toVersion : events.get(0).originatorVersion() - 1;
        StoredSnapshot snapshot = latestSnapshot(connection, originatorId, below);
        if (!events.isEmpty() && (snapshot == null || snapshot.originatorVersion() != below)) {
          // The events followed a snapshot that is gone, or versions are missing: read them
          // again after the snapshot there is, so that the caller sees what is stored.
          events = events(
              connection,
              originatorId,
              snapshot == null ? 1 : snapshot.originatorVersion() + 1,
              toVersion,
              false,
              Integer.MAX_VALUE);
        }
        return new Replay(snapshot, events, key);
      });
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the snapshot and events of " + originatorId + " at "
              + database.describe(),
          e);
    }
  }

  private void bindEventsAfterSnapshot(
      PreparedStatement select, int before, UUID originatorId, long toVersion) throws SQLException {
    plain.setUuid(select, before + 1, originatorId);
    plain.setUuid(select, before + 2, originatorId);
    select.setLong(before + 3, toVersion);
    select.setLong(before + 4, toVersion);
  }

  private void readEvents(ResultSet rows, UUID originatorId, List<StoredEvent> events)
      throws SQLException {
    while (rows.next()) {
      events.add(plain.eventOf(originatorId, rows));
    }
  }

  /**
   * PostgreSQL: the key row and the events in one round trip, as two statements sent together (the
   * driver sends both and one sync, then reads both results). Read afresh with every load, like the
   * two statements it replaces; only the wait for the server is saved.
   */
  private SubjectKeyTable.Row subjectKeyAndEvents(
      Connection connection, UUID originatorId, long toVersion, List<StoredEvent> events)
      throws SQLException {
    SubjectKeyTable.Row key = null;
    try (PreparedStatement select = connection.prepareStatement(plain.subjectKeyAndEvents)) {
      plain.setUuid(select, 1, originatorId);
      bindEventsAfterSnapshot(select, 1, originatorId, toVersion);
      if (!select.execute()) {
        throw new SQLException("the subject key's statement returned no rows to read");
      }
      try (ResultSet rows = select.getResultSet()) {
        if (rows.next()) {
          key = plain.subjectKeyOf(originatorId, rows, 1);
        }
      }
      if (!select.getMoreResults()) {
        throw new SQLException("the events' statement after the subject key's returned no rows");
      }
      try (ResultSet rows = select.getResultSet()) {
        readEvents(rows, originatorId, events);
      }
    }
    return key;
  }

  /**
   * H2: the key row and the events in one statement, read afresh with every load like the two
   * statements it replaces. The first row carries the key row (null columns: none), and every row
   * an event, except the one row there is when there are none.
   */
  private SubjectKeyTable.Row subjectKeyJoinEvents(
      Connection connection, UUID originatorId, long toVersion, List<StoredEvent> events)
      throws SQLException {
    SubjectKeyTable.Row key = null;
    try (PreparedStatement select = connection.prepareStatement(plain.subjectKeyJoinEvents)) {
      plain.setUuid(select, 1, originatorId);
      bindEventsAfterSnapshot(select, 1, originatorId, toVersion);
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next()) {
          throw new SQLException("the subject key's join to the events returned no row");
        }
        rows.getLong(2);
        if (!rows.wasNull()) { // created_us is NOT NULL in every key row, forgotten or not
          key = plain.subjectKeyOf(originatorId, rows, 1);
        }
        do {
          rows.getLong(4);
          if (!rows.wasNull()) {
            events.add(plain.eventOf(originatorId, rows, 3));
          }
        } while (rows.next());
      }
    }
    return key;
  }

  private SubjectKeyTable.Row subjectKey(Connection connection, UUID originatorId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(plain.subjectKey)) {
      plain.setUuid(select, 1, originatorId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? plain.subjectKeyOf(originatorId, rows, 1) : null;
      }
    }
  }

  private StoredSnapshot latestSnapshot(
      Connection connection, UUID originatorId, long atOrBelowVersion) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(plain.latestSnapshot)) {
      plain.setUuid(select, 1, originatorId);
      select.setLong(2, atOrBelowVersion);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? plain.snapshot(rows) : null;
      }
    }
  }

  List<StoredSnapshot> snapshots(UUID originatorId) {
    try {
      return dsl.select(
              ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH)
          .from(tables.snapshots)
          .where(ORIGINATOR_ID.eq(originatorId))
          .orderBy(ORIGINATOR_VERSION.asc())
          .fetch(SNAPSHOT);
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the snapshots of " + originatorId + " at " + database.describe(), e);
    }
  }

  /** Notifications from {@code fromId} up to {@code toId}, both inclusive, visible now. */
  List<StoredEvent> notifications(long fromId, long toId, int limit, Set<String> topics) {
    try {
      return dsl.connectionResult(connection -> {
        long visible = ids.visibleBelow(connection);
        long below = toId == Long.MAX_VALUE ? visible : Math.min(visible, toId + 1);
        if (topics.isEmpty()) {
          return allNotifications(connection, fromId, below, limit);
        }
        return byTopic.read(connection, fromId, below, limit, topics);
      });
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read notifications from " + fromId + " at " + database.describe(), e);
    }
  }

  /** The common case, every topic, as a statement rendered once. */
  private List<StoredEvent> allNotifications(
      Connection connection, long fromId, long below, int limit) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(plain.notifications)) {
      select.setLong(1, fromId);
      select.setLong(2, below);
      select.setInt(3, limit);
      List<StoredEvent> events = new ArrayList<>(Math.min(limit, 1000));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(plain.event(rows));
        }
      }
      return events;
    }
  }

  long maxNotificationId() {
    try {
      return dsl.connectionResult(connection -> {
        long below = ids.visibleBelow(connection);
        try (PreparedStatement select =
            connection.prepareStatement(plain.maxVisibleNotificationId)) {
          select.setLong(1, below);
          try (ResultSet row = select.executeQuery()) {
            return row.next() ? row.getLong(1) : 0;
          }
        }
      });
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the last notification id at " + database.describe(), e);
    }
  }

  List<UUID> originatorIds(UUID after, int limit) {
    Condition condition = after == null ? DSL.noCondition() : ORIGINATOR_ID.gt(after);
    try {
      return dsl.selectDistinct(ORIGINATOR_ID)
          .from(tables.events)
          .where(condition)
          .orderBy(ORIGINATOR_ID.asc())
          .limit(limit)
          .fetch(ORIGINATOR_ID);
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not list the stored aggregates at " + database.describe(), e);
    }
  }

  void scanEvents(BiConsumer<StoredEvent, StoredSnapshot> each) {
    stream(plain.eventsWithSnapshots, rows -> {
      while (rows.next()) {
        StoredEvent event = plain.event(rows);
        each.accept(event, plain.snapshotAfterEvent(event, rows));
      }
    });
  }

  /** As {@link #scanEvents}, with the rows of each event's tags (one per tag) gathered. */
  void scanTaggedEvents(Recorder.TaggedScan each) {
    stream(plain.eventsWithSnapshotsAndTags, rows -> {
      StoredEvent event = null;
      StoredSnapshot snapshot = null;
      Set<String> tags = new HashSet<>();
      while (rows.next()) {
        long id = rows.getLong(1);
        if (event == null || event.notificationId() != id) {
          if (event != null) {
            each.accept(event, snapshot, Set.copyOf(tags));
            tags.clear();
          }
          event = plain.event(rows);
          snapshot = plain.snapshotAfterEvent(event, rows);
        }
        String tag = rows.getString(plain.scanTagColumn);
        if (tag != null) {
          tags.add(tag);
        }
      }
      if (event != null) {
        each.accept(event, snapshot, Set.copyOf(tags));
      }
    });
  }

  private interface Rows {
    void read(ResultSet rows) throws SQLException;
  }

  /** Streams the rows of {@code sql} (the whole table) to {@code rows}, in one statement. */
  private void stream(String sql, Rows rows) {
    try {
      dsl.connection(connection -> {
        boolean autoCommit = connection.getAutoCommit();
        // PostgreSQL streams a result by the fetch size only inside a transaction; it also gives
        // the scan one consistent view of the tables.
        connection.setAutoCommit(false);
        try (PreparedStatement select = connection.prepareStatement(sql)) {
          select.setFetchSize(SCAN_FETCH_SIZE);
          try (ResultSet result = select.executeQuery()) {
            rows.read(result);
          }
        } finally {
          connection.rollback();
          connection.setAutoCommit(autoCommit);
        }
      });
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the events at " + database.describe(), e);
    }
  }

  void scanRecords(Consumer<StoredSnapshot> snapshots, Consumer<StoredEvent> events) {
    try {
      dsl.connection(connection -> {
        boolean autoCommit = connection.getAutoCommit();
        // As in scanEvents: PostgreSQL streams only inside a transaction. The two statements run
        // one after the other (MariaDB's driver would buffer a streamed result whole once a second
        // statement runs beside it).
        connection.setAutoCommit(false);
        try {
          try (PreparedStatement select = connection.prepareStatement(plain.allSnapshots)) {
            select.setFetchSize(SCAN_FETCH_SIZE);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                snapshots.accept(plain.snapshot(rows));
              }
            }
          }
          try (PreparedStatement select = connection.prepareStatement(plain.eventsInKeyOrder)) {
            select.setFetchSize(SCAN_FETCH_SIZE);
            try (ResultSet rows = select.executeQuery()) {
              while (rows.next()) {
                events.accept(plain.event(rows));
              }
            }
          }
        } finally {
          connection.rollback();
          connection.setAutoCommit(autoCommit);
        }
      });
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the events and snapshots at " + database.describe(), e);
    }
  }

  void scanSnapshotKeys(Consumer<Recorder.SnapshotKey> each) {
    try {
      dsl.connection(connection -> {
        try (PreparedStatement select = connection.prepareStatement(plain.snapshotKeys)) {
          select.setFetchSize(SCAN_FETCH_SIZE);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              each.accept(new Recorder.SnapshotKey(plain.getUuid(rows, 1), rows.getLong(2)));
            }
          }
        }
      });
    } catch (DataAccessException e) {
      throw new PersistenceError("could not list the snapshots at " + database.describe(), e);
    }
  }

  long maxTracked(String application, String upstream) {
    try {
      Long max = dsl.select(DSL.max(NOTIFICATION_ID))
          .from(tables.tracking)
          .where(APPLICATION_NAME.eq(application))
          .and(UPSTREAM_NAME.eq(upstream))
          .fetchOne()
          .value1();
      return max == null ? 0 : max;
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the position of " + application + " in " + upstream, e);
    }
  }

  Map<String, Long> maxTrackedByPrefix(String application, String upstreamPrefix) {
    try {
      Map<String, Long> positions = new TreeMap<>();
      // startsWith escapes LIKE's wildcards ('_' is one, and common in names)
      dsl.select(UPSTREAM_NAME, DSL.max(NOTIFICATION_ID))
          .from(tables.tracking)
          .where(APPLICATION_NAME.eq(application))
          .and(UPSTREAM_NAME.startsWith(upstreamPrefix))
          .groupBy(UPSTREAM_NAME)
          .fetch()
          .forEach(row -> positions.put(row.value1(), row.value2() == null ? 0 : row.value2()));
      return positions;
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the positions of " + application + " in " + upstreamPrefix + "*", e);
    }
  }

  Set<Long> tracked(String application, String upstream, Collection<Long> ids) {
    if (ids.isEmpty()) {
      return Set.of();
    }
    try {
      return new HashSet<>(dsl.select(NOTIFICATION_ID)
          .from(tables.tracking)
          .where(APPLICATION_NAME.eq(application))
          .and(UPSTREAM_NAME.eq(upstream))
          .and(NOTIFICATION_ID.in(ids))
          .fetch(NOTIFICATION_ID));
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read what " + application + " tracked of " + upstream, e);
    }
  }
}
