package dev.recount.jooq;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * How a save's events get their notification ids so that ids become visible in commit order, which
 * depends on the database ({@link Dialect.Ordering}; docs/DATABASES.md has the reasoning):
 *
 * <ul>
 *   <li>{@link LockedIds}, H2 and MariaDB: a writer holds the row lock of the lock table from
 *       assigning its ids (after the largest stored) until it commits, so writers commit one at a
 *       time in id order and a failed save leaves no gap.
 *   <li>{@link ReservedIds}, PostgreSQL: a writer reserves its block of ids from a sequence
 *       together with its transaction id, in a critical section of microseconds, so ids and
 *       transaction ids rise together; readers only see rows whose transaction is older than every
 *       transaction still running. Writers commit in parallel; a failed save leaves a gap in the
 *       ids.
 * </ul>
 *
 * <p>Either way a reader never sees an id while a smaller one may still commit, so a follower that
 * asks for the ids after the last one it saw never skips an event.
 */
interface IdAssignment {
  /** Which stored rows a reader of the log may see. */
  Condition visible();

  /** Checks at start that the database has what this way of assigning ids needs. */
  void check(Schema schema);

  /** Whether {@link #insert} needs a jOOQ context for this many events; else it is given null. */
  boolean needsContext(int events);

  /**
   * Numbers the events and inserts them, as the first write of the transaction open on
   * {@code connection}, which must commit before the ids are safe to read; returns them numbered.
   */
  List<StoredEvent> insert(Connection connection, DSLContext tx, List<StoredEvent> events)
      throws SQLException;
}
