package dev.recount.jooq;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;

/**
 * How a save's events get their notification ids so that ids become visible in commit order, which
 * depends on the database ({@link Dialect.Ordering}; docs/DATABASES.md has the reasoning):
 *
 * <ul>
 *   <li>{@link LockedIds}, H2: a writer holds the row lock of the lock table from assigning its ids
 *       (after the largest stored) until it commits, so writers commit one at a time in id order
 *       and a failed save leaves no gap.
 *   <li>{@link ReservedIds}, PostgreSQL: a writer reserves its block of ids from a sequence and
 *       holds an advisory lock on the block until its transaction ends; readers see only ids below
 *       the oldest block still locked. Writers commit in parallel; a failed save leaves a gap in
 *       the ids.
 *   <li>{@link SlottedIds}, MariaDB: a writer locks its slot, a row of the writers table, then
 *       takes ids from a sequence, and holds the slot until its transaction ends; the slot's row
 *       remembers a bound below the ids of its next writer, and readers see only ids below the
 *       bounds of the slots held. Writers commit in parallel; a failed save leaves a gap.
 * </ul>
 *
 * <p>Either way a reader never sees an id while a smaller one may still commit, so a follower that
 * asks for the ids after the last one it saw never skips an event.
 */
interface IdAssignment {
  /**
   * The smallest notification id a reader of the log may not see yet, asked on {@code connection}
   * (in auto-commit) before the read, whose statement must start after this one ended: every id
   * below it belongs to a transaction that has ended. {@link Long#MAX_VALUE} where every committed
   * row may be seen.
   */
  long visibleBelow(Connection connection) throws SQLException;

  /** Checks at start that the database has what this way of assigning ids needs. */
  void check(Schema schema);

  /** Whether {@link #insert} needs a jOOQ context for this many events; else it is given null. */
  boolean needsContext(int events);

  /**
   * Numbers the events and inserts them in the transaction open on {@code connection} (which may
   * have written before), which must end before readers see the ids; returns them numbered.
   */
  List<StoredEvent> insert(Connection connection, DSLContext tx, List<StoredEvent> events)
      throws SQLException;
}
