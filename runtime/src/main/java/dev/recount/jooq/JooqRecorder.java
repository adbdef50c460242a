package dev.recount.jooq;

import static dev.recount.jooq.Tables.APPLICATION_NAME;
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
import static dev.recount.jooq.Tables.UPSTREAM_NAME;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Recorder;
import dev.recount.internal.Tracking;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.InsertValuesStep8;
import org.jooq.Record;
import org.jooq.Record8;
import org.jooq.RecordMapper;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/**
 * The recorder for every supported database, in jOOQ's DSL: the dialect renders each statement.
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

  JooqRecorder(Database database, String tablePrefix) {
    this.database = database;
    this.dsl = database.dsl();
    this.tables = new Tables(tablePrefix);
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
  public List<StoredEvent> insert(List<StoredEvent> events, List<StoredSnapshot> snapshots,
      Tracking tracking) {
    if (events.isEmpty() && snapshots.isEmpty() && tracking == null) {
      return List.of();
    }
    try {
      return dsl.transactionResult(configuration -> {
        DSLContext tx = configuration.dsl();
        if (tracking != null) {
          insertTracking(tx, tracking);
        }
        List<StoredEvent> stored = events.isEmpty() ? List.of() : insertEvents(tx, events);
        if (!snapshots.isEmpty()) {
          insertSnapshots(tx, snapshots);
        }
        return stored;
      });
    } catch (AlreadyTracked e) {
      throw e;
    } catch (IntegrityConstraintViolationException e) {
      throw new RecordConflict(e);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not save " + events.size() + " event(s) at "
          + database.describe() + "; nothing was written", e);
    }
  }

  private void insertTracking(DSLContext tx, Tracking tracking) {
    try {
      tx.insertInto(tables.tracking, APPLICATION_NAME, UPSTREAM_NAME, NOTIFICATION_ID)
          .values(tracking.application(), tracking.upstream(), tracking.notificationId())
          .execute();
    } catch (IntegrityConstraintViolationException e) {
      throw new AlreadyTracked(tracking, e);
    }
  }

  @Override
  public long maxTracked(String application, String upstream) {
    try {
      Long max = dsl.select(DSL.max(NOTIFICATION_ID)).from(tables.tracking)
          .where(APPLICATION_NAME.eq(application)).and(UPSTREAM_NAME.eq(upstream))
          .fetchOne().value1();
      return max == null ? 0 : max;
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the position of " + application + " in "
          + upstream, e);
    }
  }

  private List<StoredEvent> insertEvents(DSLContext tx, List<StoredEvent> events) {
    tx.select(LOCK_ID).from(tables.lock).where(LOCK_ID.eq(1)).forUpdate().fetch();
    Long max = tx.select(DSL.max(NOTIFICATION_ID)).from(tables.events).fetchOne().value1();
    long next = max == null ? 1 : max + 1;

    List<StoredEvent> stored = new ArrayList<>(events.size());
    InsertValuesStep8<Record, Long, UUID, Long, String, Long, byte[], byte[], byte[]> insert =
        tx.insertInto(tables.events, NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC,
            TIMESTAMP, STATE, PREVIOUS_HASH, HASH);
    for (StoredEvent event : events) {
      StoredEvent numbered = event.withNotificationId(next++);
      stored.add(numbered);
      insert = insert.values(numbered.notificationId(), numbered.originatorId(),
          numbered.originatorVersion(), numbered.topic(), numbered.timestampMicros(),
          numbered.state(), numbered.previousHash(), numbered.hash());
    }
    insert.execute();
    return stored;
  }

  private void insertSnapshots(DSLContext tx, List<StoredSnapshot> snapshots) {
    var insert = tx.insertInto(tables.snapshots, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC,
        TIMESTAMP, FINGERPRINT, STATE, HEAD, HASH);
    for (StoredSnapshot s : snapshots) {
      insert = insert.values(s.originatorId(), s.originatorVersion(), s.topic(),
          s.timestampMicros(), s.fingerprint(), s.state(), s.head(), s.hash());
    }
    insert.execute();
  }

  @Override
  public List<StoredEvent> events(UUID originatorId, long fromVersion, long toVersion,
      boolean descending, int limit) {
    try {
      return dsl.select(NOTIFICATION_ID, ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP,
              STATE, PREVIOUS_HASH, HASH)
          .from(tables.events)
          .where(ORIGINATOR_ID.eq(originatorId))
          .and(ORIGINATOR_VERSION.between(fromVersion, toVersion))
          .orderBy(descending ? ORIGINATOR_VERSION.desc() : ORIGINATOR_VERSION.asc())
          .limit(limit)
          .fetch(EVENT);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the events of " + originatorId, e);
    }
  }

  @Override
  public Optional<StoredSnapshot> latestSnapshot(UUID originatorId, long atOrBelowVersion) {
    try {
      return dsl.select(ORIGINATOR_ID, ORIGINATOR_VERSION, TOPIC, TIMESTAMP, FINGERPRINT, STATE,
              HEAD, HASH)
          .from(tables.snapshots)
          .where(ORIGINATOR_ID.eq(originatorId))
          .and(ORIGINATOR_VERSION.le(atOrBelowVersion))
          .orderBy(ORIGINATOR_VERSION.desc())
          .limit(1)
          .fetchOptional(SNAPSHOT);
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the snapshots of " + originatorId, e);
    }
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
    Condition condition = NOTIFICATION_ID.ge(fromId);
    if (!topics.isEmpty()) {
      condition = condition.and(TOPIC.in(topics));
    }
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
    try {
      Long max = dsl.select(DSL.max(NOTIFICATION_ID)).from(tables.events).fetchOne().value1();
      return max == null ? 0 : max;
    } catch (DataAccessException e) {
      throw new PersistenceError("could not read the last notification id", e);
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
