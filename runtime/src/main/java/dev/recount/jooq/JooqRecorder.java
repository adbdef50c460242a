package dev.recount.jooq;

import static dev.recount.jooq.Tables.FINGERPRINT;
import static dev.recount.jooq.Tables.HASH;
import static dev.recount.jooq.Tables.HEAD;
import static dev.recount.jooq.Tables.NOTIFICATION_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_ID;
import static dev.recount.jooq.Tables.ORIGINATOR_VERSION;
import static dev.recount.jooq.Tables.PREVIOUS_HASH;
import static dev.recount.jooq.Tables.STATE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.TOPIC;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.Record8;
import org.jooq.RecordMapper;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/**
 * The recorder for every supported database. jOOQ renders every statement for the dialect; the
 * frequent ones are rendered once ({@link Statements}) and run as plain prepared statements, the
 * rare ones (DDL, listings, topic filters) through jOOQ's DSL.
 *
 * <p>Notification ids are assigned inside the inserting transaction while it holds the row lock
 * of the lock table, so writers commit one at a time in id order: a reader can never see an id
 * while a smaller one is still uncommitted, and so a follower never skips an event. A save that
 * fails leaves no gap, because ids are taken from the table, not from a sequence.
 */
final class JooqRecorder implements Recorder {
  private static final RecordMapper<Record8<Long, UUID, Long, String, Long, byte[], byte[], byte[]>,
      StoredEvent> EVENT = row -> new StoredEvent(row.value2(), row.value3(), row.value4(),
          row.value5(), row.value6(), row.value7(), row.value8(), row.value1());

  private static final RecordMapper<Record, StoredSnapshot> SNAPSHOT = row -> new StoredSnapshot(
      row.get(ORIGINATOR_ID), row.get(ORIGINATOR_VERSION), row.get(TOPIC), row.get(TIMESTAMP),
      row.get(FINGERPRINT), row.get(STATE), row.get(HEAD), row.get(HASH));

  private final Database database;
  private final DSLContext dsl;
  private final Tables tables;
  private final Statements sql;
  /** MariaDB's driver takes UUIDs as text; H2's and PostgreSQL's as {@link UUID} objects. */
  private final boolean uuidAsString;

  JooqRecorder(Database database, String tablePrefix) {
    this.database = database;
    this.dsl = database.dsl();
    this.tables = new Tables(tablePrefix);
    this.sql = new Statements(dsl, tables);
    this.uuidAsString = database.dialect() == Dialect.MARIADB;
  }

  void createTables() {
    try {
      for (String statement : database.dialect().ddl(tables.prefix)) {
        dsl.execute(statement);
      }
    } catch (DataAccessException e) {
      throw new PersistenceError("could not create the tables at " + database.describe(), e);
    }
  }

  @Override
  public List<StoredEvent> insert(List<StoredEvent> events, List<StoredSnapshot> snapshots) {
    if (events.isEmpty() && snapshots.isEmpty()) {
      return List.of();
    }
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        List<StoredEvent> stored = events.isEmpty() ? List.of()
            : insertEvents(connection, events);
        if (!snapshots.isEmpty()) {
          insertSnapshots(connection, snapshots);
        }
        connection.commit();
        return stored;
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      if (isConflict(e)) {
        throw new RecordConflict(e);
      }
      throw new PersistenceError("could not save " + events.size() + " event(s) at "
          + database.describe() + "; nothing was written", e);
    }
  }

  private List<StoredEvent> insertEvents(Connection connection, List<StoredEvent> events)
      throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(sql.lock)) {
      lock.executeQuery().close();
    }
    long next = maxNotificationId(connection) + 1;
    List<StoredEvent> stored = new ArrayList<>(events.size());
    try (PreparedStatement insert = connection.prepareStatement(sql.insertEvent)) {
      for (StoredEvent event : events) {
        StoredEvent numbered = event.withNotificationId(next++);
        stored.add(numbered);
        insert.setLong(1, numbered.notificationId());
        setUuid(insert, 2, numbered.originatorId());
        insert.setLong(3, numbered.originatorVersion());
        insert.setString(4, numbered.topic());
        insert.setLong(5, numbered.timestampMicros());
        insert.setBytes(6, numbered.state());
        insert.setBytes(7, numbered.previousHash());
        insert.setBytes(8, numbered.hash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    return stored;
  }

  private void insertSnapshots(Connection connection, List<StoredSnapshot> snapshots)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql.insertSnapshot)) {
      for (StoredSnapshot s : snapshots) {
        setUuid(insert, 1, s.originatorId());
        insert.setLong(2, s.originatorVersion());
        insert.setString(3, s.topic());
        insert.setLong(4, s.timestampMicros());
        insert.setString(5, s.fingerprint());
        insert.setBytes(6, s.state());
        insert.setBytes(7, s.head());
        insert.setBytes(8, s.hash());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  private static void rollback(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      failure.addSuppressed(e);
    }
  }

  /** Whether the database refused a row for a unique key (SQL state class 23). */
  private static boolean isConflict(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sqlException) {
        for (SQLException next = sqlException; next != null; next = next.getNextException()) {
          String state = next.getSQLState();
          if (state != null && state.startsWith("23")) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public List<StoredEvent> events(UUID originatorId, long fromVersion, long toVersion,
      boolean descending, int limit) {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(
            descending ? sql.eventsDescending : sql.eventsAscending)) {
      setUuid(select, 1, originatorId);
      select.setLong(2, fromVersion);
      select.setLong(3, toVersion);
      select.setInt(4, limit);
      return readEvents(select);
    } catch (SQLException e) {
      throw new PersistenceError("could not read the events of " + originatorId, e);
    }
  }

  @Override
  public Optional<StoredSnapshot> latestSnapshot(UUID originatorId, long atOrBelowVersion) {
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(sql.latestSnapshot)) {
      setUuid(select, 1, originatorId);
      select.setLong(2, atOrBelowVersion);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredSnapshot(uuid(row, 1), row.getLong(2), row.getString(3),
            row.getLong(4), row.getString(5), row.getBytes(6), row.getBytes(7),
            row.getBytes(8)));
      }
    } catch (SQLException e) {
      throw new PersistenceError("could not read the snapshots of " + originatorId, e);
    }
  }

  /** Runs a select of the eight event columns, in {@link Statements}' order. */
  private static List<StoredEvent> readEvents(PreparedStatement select) throws SQLException {
    List<StoredEvent> events = new ArrayList<>();
    try (ResultSet row = select.executeQuery()) {
      while (row.next()) {
        events.add(new StoredEvent(uuid(row, 2), row.getLong(3), row.getString(4),
            row.getLong(5), row.getBytes(6), row.getBytes(7), row.getBytes(8), row.getLong(1)));
      }
    }
    return events;
  }

  private void setUuid(PreparedStatement statement, int index, UUID id) throws SQLException {
    if (uuidAsString) {
      statement.setString(index, id.toString());
    } else {
      statement.setObject(index, id);
    }
  }

  private static UUID uuid(ResultSet row, int index) throws SQLException {
    Object value = row.getObject(index);
    return value instanceof UUID id ? id : UUID.fromString(value.toString());
  }

  @Override
  public List<StoredSnapshot> snapshots(UUID originatorId) {
    try {
      return dsl.select(ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE,
              HEAD, HASH)
          .from(tables.snapshots)
          .where(ORIGINATOR_ID.eq(originatorId))
          .orderBy(ORIGINATOR_VERSION.asc())
          .fetch(SNAPSHOT);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the snapshots of " + originatorId, e);
    }
  }

  @Override
  public List<StoredEvent> notifications(long fromId, int limit, Set<String> topics) {
    if (!topics.isEmpty()) {
      return notificationsOf(fromId, limit, topics);
    }
    try (Connection connection = database.connection();
        PreparedStatement select = connection.prepareStatement(sql.notifications)) {
      select.setLong(1, fromId);
      select.setInt(2, limit);
      return readEvents(select);
    } catch (SQLException e) {
      throw new PersistenceError("could not read notifications from " + fromId, e);
    }
  }

  /** Topic filters vary in length, so these are rendered per call; followers rarely filter. */
  private List<StoredEvent> notificationsOf(long fromId, int limit, Set<String> topics) {
    Condition condition = NOTIFICATION_ID.ge(fromId).and(TOPIC.in(topics));
    try {
      return dsl.select(NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP,
              STATE, PREVIOUS_HASH, HASH)
          .from(tables.events)
          .where(condition)
          .orderBy(NOTIFICATION_ID.asc())
          .limit(limit)
          .fetch(EVENT);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read notifications from " + fromId, e);
    }
  }

  @Override
  public long maxNotificationId() {
    try (Connection connection = database.connection()) {
      return maxNotificationId(connection);
    } catch (SQLException e) {
      throw new PersistenceError("could not read the last notification id", e);
    }
  }

  private long maxNotificationId(Connection connection) throws SQLException {
    try (PreparedStatement max = connection.prepareStatement(sql.maxNotificationId);
        ResultSet result = max.executeQuery()) {
      result.next();
      return result.getLong(1); // 0 when the table is empty (SQL NULL)
    }
  }

  @Override
  public List<UUID> originatorIds(UUID after, int limit) {
    Condition condition = after == null ? DSL.noCondition() : ORIGINATOR_ID.gt(after);
    try {
      return dsl.selectDistinct(ORIGINATOR_ID)
          .from(tables.events)
          .where(condition)
          .orderBy(ORIGINATOR_ID.asc())
          .limit(limit)
          .fetch(ORIGINATOR_ID);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not list the stored aggregates", e);
    }
  }

  @Override
  public void close() {
    database.close();
  }
}
