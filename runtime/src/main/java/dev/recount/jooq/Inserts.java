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

import dev.recount.CommitOutcomeUnknown;
import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.RecordConflict;
import dev.recount.internal.Tracking;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.impl.DSL;

/**
 * The rows a save writes (numbered events, snapshots, tracking), and what a caller whose save
 * failed is told: a broken key is a {@link RecordConflict} (a tracked notification an
 * {@link AlreadyTracked}), any other refusal a {@link PersistenceError}.
 */
final class Inserts {
  /** Rows per INSERT statement: well under every driver's limit of bind values. */
  static final int ROWS_PER_STATEMENT = 1000;

  private final Database database;
  private final DSLContext dsl;
  private final Tables tables;
  private final PlainStatements plain;

  Inserts(Database database, Tables tables, PlainStatements plain) {
    this.database = database;
    this.dsl = database.dsl();
    this.tables = tables;
    this.plain = plain;
  }

  /** A jOOQ context on the transaction's connection, for the statements not run as plain JDBC. */
  DSLContext context(Connection connection) {
    return DSL.using(connection, dsl.dialect(), dsl.settings());
  }

  /** The events with notification ids from {@code first} on, in order. */
  static List<StoredEvent> numbered(List<StoredEvent> events, long first) {
    List<StoredEvent> stored = new ArrayList<>(events.size());
    long next = first;
    for (StoredEvent event : events) {
      stored.add(numbered(event, next++));
    }
    return stored;
  }

  /** The events numbered with {@code ids} from {@code from} on, in order. */
  static List<StoredEvent> numbered(List<StoredEvent> events, long[] ids, int from) {
    List<StoredEvent> stored = new ArrayList<>(events.size());
    int next = from;
    for (StoredEvent event : events) {
      stored.add(numbered(event, ids[next++]));
    }
    return stored;
  }

  /** {@code count} ids from {@code first} on. */
  static long[] consecutive(long first, int count) {
    long[] ids = new long[count];
    for (int i = 0; i < count; i++) {
      ids[i] = first + i;
    }
    return ids;
  }

  /** The event with its notification id set. */
  static StoredEvent numbered(StoredEvent event, long id) {
    return new StoredEvent(
        event.originatorId(),
        event.originatorVersion(),
        event.topic(),
        event.timestampMicros(),
        event.state(),
        event.previousHash(),
        event.hash(),
        id,
        event.metadata());
  }

  /** Events already numbered, in one statement batch. */
  void events(Connection connection, List<StoredEvent> stored) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(plain.insertEvent)) {
      for (StoredEvent event : stored) {
        insert.setLong(1, event.notificationId());
        plain.bindEventColumns(insert, 2, event);
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** {@code tx} may be null when there are neither snapshots nor tracking. */
  void snapshotsAndTracking(DSLContext tx, List<StoredSnapshot> snapshots, Tracking tracking) {
    for (int from = 0; from < snapshots.size(); from += ROWS_PER_STATEMENT) {
      snapshots(tx, snapshots.subList(from, Math.min(snapshots.size(), from + ROWS_PER_STATEMENT)));
    }
    if (tracking != null) {
      // Last: PostgreSQL's id reservation must be the transaction's first write.
      tracking(tx, tracking);
    }
  }

  private void snapshots(DSLContext tx, List<StoredSnapshot> snapshots) {
    var insert = tx.insertInto(
        tables.snapshots,
        ORIGINATOR_ID,
        ORIGINATOR_VERSION,
        TOPIC,
        TIMESTAMP,
        FINGERPRINT,
        STATE,
        HEAD,
        HASH);
    for (StoredSnapshot s : snapshots) {
      insert = insert.values(
          s.originatorId(),
          s.originatorVersion(),
          s.topic(),
          s.timestampMicros(),
          s.fingerprint(),
          s.state(),
          s.head(),
          s.hash());
    }
    insert.execute();
  }

  private void tracking(DSLContext tx, Tracking tracking) {
    try {
      var insert = tx.insertInto(tables.tracking, APPLICATION_NAME, UPSTREAM_NAME, NOTIFICATION_ID)
          .values(tracking.application(), tracking.upstream(), tracking.notificationId());
      if (tracking.segmentUpstream() != null) {
        insert = insert.values(
            tracking.application(), tracking.segmentUpstream(), tracking.notificationId());
      }
      insert.execute();
    } catch (DataAccessException e) {
      if (isIntegrityViolation(e)) {
        throw new AlreadyTracked(tracking, e);
      }
      throw e;
    }
    Tracking.Fence fence = tracking.fence();
    if (fence != null) {
      // After the tracking rows: the fence's UPDATE holds the lease's row until the commit.
      tx.connection(fence::check);
    }
  }

  /** What a caller whose save of {@code events} failed with {@code e} is told. */
  RuntimeException failure(RuntimeException e, List<StoredEvent> events) {
    if (e instanceof Transaction.CommitFailed commitFailed) {
      // Not a PersistenceError that says "nothing was written": the caller must find out.
      return new CommitOutcomeUnknown(
          "could not save " + events.size() + " event(s) at "
              + database.describe() + ": the connection failed while committing, so whether the"
              + " save is stored (all of it or nothing) is unknown; ask Application.isStored(error)",
          commitFailed.cause,
          events);
    }
    if (e instanceof DataAccessException dataAccess) {
      if (isIntegrityViolation(dataAccess)) {
        return new RecordConflict(e);
      }
      String tooLarge =
          database.dialect() == Dialect.MARIADB ? beyondMaxAllowedPacket(e, events) : "";
      return new PersistenceError(
          "could not save " + events.size() + " event(s) at " + database.describe()
              + "; nothing was written" + tooLarge,
          e);
    }
    return e; // AlreadyTracked, FenceRefused, or a bug
  }

  /**
   * MariaDB: if an event was larger than the server takes in one statement, why the save failed.
   * The server drops the connection, and the driver says no more than "Connection reset by peer",
   * so the sizes are compared here; the server's value is asked for only now, on a connection of
   * its own, since it can change and failures are rare. Empty if that is not the reason.
   */
  private String beyondMaxAllowedPacket(RuntimeException e, List<StoredEvent> events) {
    int largest = 0;
    for (StoredEvent event : events) {
      largest = Math.max(largest, event.state().length);
    }
    boolean named = false;
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      String message = cause.getMessage();
      named |= message != null && message.contains("max_allowed_packet");
    }
    long max;
    try {
      max = dsl.fetchOne("SELECT @@max_allowed_packet").get(0, Long.class);
    } catch (RuntimeException unknown) {
      return named ? ": the statement was larger than the server's max_allowed_packet" : "";
    }
    // The statement carries the row's other columns and the protocol's headers as well.
    if (!named && largest + 1024L < max) {
      return "";
    }
    return ": an event's stored state is " + largest + " bytes, too large for the server's"
        + " max_allowed_packet (" + max + " bytes); raise max_allowed_packet, or keep events"
        + " smaller with MAX_EVENT_BYTES (docs/DATABASES.md)";
  }

  /** What a caller is told whose {@link #events numbered events} failed. */
  RuntimeException failure(SQLException e, List<StoredEvent> events) {
    return failure(
        new DataAccessException("SQL [" + plain.insertEvent + "]; " + e.getMessage(), e), events);
  }

  /**
   * Whether a statement broke a key (SQLState class 23): jOOQ says so for its own statements; for
   * JDBC's, the SQLException says.
   */
  private static boolean isIntegrityViolation(DataAccessException e) {
    if (e instanceof IntegrityConstraintViolationException) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        return isIntegrityViolation(sql);
      }
    }
    return false;
  }

  private static boolean isIntegrityViolation(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("23");
  }
}
