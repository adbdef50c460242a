package dev.recount.jooq;

import static dev.recount.jooq.Tables.AFTER_ID;
import static dev.recount.jooq.Tables.CHAIN;
import static dev.recount.jooq.Tables.EVENT_COUNT;
import static dev.recount.jooq.Tables.KEY_ID;
import static dev.recount.jooq.Tables.SIGNATURE;
import static dev.recount.jooq.Tables.TIMESTAMP;
import static dev.recount.jooq.Tables.UP_TO;
import static dev.recount.jooq.Tables.WITNESS;

import dev.recount.PersistenceError;
import dev.recount.internal.StoredCheckpoint;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.RecordMapper;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.jooq.exception.SQLStateClass;

/**
 * The checkpoints table: signed checkpoints of the notification log, one row each, inserted by the
 * writers' checkpointers (never in a save's transaction, so no writer waits for them) and read by
 * audits. Its key on {@code up_to} and unique {@code after_id} keep the rows one unbroken sequence
 * even when several writers' checkpointers race: the second to insert a checkpoint after the same
 * one is refused, and follows the first's.
 */
final class Checkpoints {
  private static final RecordMapper<Record, StoredCheckpoint> ROW = row -> new StoredCheckpoint(
      row.get(AFTER_ID),
      row.get(UP_TO),
      row.get(EVENT_COUNT),
      row.get(CHAIN),
      row.get(TIMESTAMP),
      row.get(KEY_ID),
      row.get(SIGNATURE),
      row.get(WITNESS));

  private final Database database;
  private final DSLContext dsl;
  private final DSLContext writes;
  private final Tables tables;

  Checkpoints(Database database, Tables tables) {
    this.database = database;
    this.dsl = database.dsl();
    this.writes = database.writes();
    this.tables = tables;
  }

  List<StoredCheckpoint> after(long after, int limit) {
    try {
      return dsl.select(AFTER_ID, UP_TO, EVENT_COUNT, CHAIN, TIMESTAMP, KEY_ID, SIGNATURE, WITNESS)
          .from(tables.checkpoints)
          .where(UP_TO.gt(after))
          .orderBy(UP_TO.asc())
          .limit(limit)
          .fetch(ROW);
    } catch (DataAccessException e) {
      throw failure("read the checkpoints after " + after + " from", e);
    }
  }

  StoredCheckpoint latest() {
    try {
      return dsl.select(AFTER_ID, UP_TO, EVENT_COUNT, CHAIN, TIMESTAMP, KEY_ID, SIGNATURE, WITNESS)
          .from(tables.checkpoints)
          .orderBy(UP_TO.desc())
          .limit(1)
          .fetchOne(ROW);
    } catch (DataAccessException e) {
      throw failure("read the newest checkpoint from", e);
    }
  }

  boolean insert(StoredCheckpoint checkpoint) {
    try {
      writes
          .insertInto(
              tables.checkpoints,
              UP_TO,
              AFTER_ID,
              EVENT_COUNT,
              CHAIN,
              TIMESTAMP,
              KEY_ID,
              SIGNATURE,
              WITNESS)
          .values(
              checkpoint.upTo(),
              checkpoint.after(),
              checkpoint.events(),
              checkpoint.chain(),
              checkpoint.timestampMicros(),
              checkpoint.keyId(),
              checkpoint.signature(),
              checkpoint.witness())
          .execute();
      return true;
    } catch (DataAccessException e) {
      if (e instanceof IntegrityConstraintViolationException
          || e.sqlStateClass() == SQLStateClass.C23_INTEGRITY_CONSTRAINT_VIOLATION) {
        return false;
      }
      throw failure("store the checkpoint up to " + checkpoint.upTo() + " in", e);
    }
  }

  private PersistenceError failure(String what, DataAccessException e) {
    return new PersistenceError(
        "could not " + what + " " + tables.checkpoints + " at " + database.describe()
            + " (signed checkpoints need that table, created with the others: see"
            + " docs/DATABASES.md; writers that sign need INSERT on it, auditors SELECT)",
        e);
  }
}
