package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;

/**
 * H2 and MariaDB: ids after the largest stored, taken and committed while holding the lock table's
 * row lock, which the commit releases: the next writer takes its ids only after this one's rows are
 * visible, so a reader sees a prefix of the ids, and a failed save leaves no gap.
 */
final class LockedIds implements IdAssignment, TakenIds {
  private final PlainStatements plain;
  private final Inserts inserts;
  /** H2, whose caller's transactions must run at READ COMMITTED: see {@link #insertJoined}. */
  private final boolean h2;
  /**
   * MariaDB through the user's pool, whose level may be InnoDB's default, REPEATABLE READ: the
   * largest id is read with a locking read, which sees the newest committed rows at any level. The
   * alternative, switching each writing transaction's connection to READ COMMITTED and back, cost
   * two more round trips per transaction (docs/BENCHMARKS.md). Recount's own MariaDB pool runs at
   * READ COMMITTED, where the plain read after the lock sees them too.
   */
  private final boolean lockingRead;

  LockedIds(PlainStatements plain, Inserts inserts, boolean h2, boolean lockingRead) {
    this.plain = plain;
    this.inserts = inserts;
    this.h2 = h2;
    this.lockingRead = lockingRead;
  }

  /** Every committed row: commits come in id order. */
  @Override
  public long visibleBelow(Connection connection) {
    return Long.MAX_VALUE;
  }

  @Override
  public void check(Schema schema) {
    schema.checkLockTable();
  }

  /** Never: the events go in a plain statement batch. */
  @Override
  public boolean needsContext(int events) {
    return false;
  }

  @Override
  public List<StoredEvent> insert(Connection connection, DSLContext tx, List<StoredEvent> events)
      throws SQLException {
    List<StoredEvent> stored = Inserts.numbered(events, lockAndNextId(connection));
    inserts.events(connection, stored);
    return stored;
  }

  /**
   * Inserts in a caller's transaction, which may have read before.
   *
   * <p>MariaDB, at any isolation level: the largest id is read with a locking read, which sees the
   * newest committed rows (at REPEATABLE READ a plain read would see the transaction's older
   * snapshot, and repeat an id).
   *
   * <p>H2: only at READ COMMITTED (H2's default), where every statement sees the newest committed
   * rows, so the plain read of a save of its own does. At REPEATABLE READ and above H2 reads from
   * the transaction's snapshot even with {@code FOR UPDATE} (CallerTransactionContract), so such a
   * save is refused before it writes rather than failing on an id already taken. The locking read
   * had also cost a joined save two fifths of its CPU: H2 keeps no parsed {@code FOR UPDATE}
   * statement in its cache and parses it on every call (docs/BENCHMARKS.md). Asking an H2
   * connection its level reads a field.
   */
  @Override
  public List<StoredEvent> insertJoined(Connection connection, List<StoredEvent> events)
      throws SQLException {
    if (h2) {
      requireReadCommitted(connection);
    }
    List<StoredEvent> stored = Inserts.numbered(events, lockAndNextId(connection, !h2));
    inserts.events(connection, stored);
    return stored;
  }

  private static void requireReadCommitted(Connection connection) throws SQLException {
    int level = connection.getTransactionIsolation();
    if (level != Connection.TRANSACTION_READ_COMMITTED) {
      throw new PersistenceError("on H2, saves in your transaction need READ COMMITTED (H2's"
          + " default), and this connection is at " + levelName(level) + ": the next"
          + " notification id must be read from the newest committed rows, which H2 reads only"
          + " at READ COMMITTED (at REPEATABLE READ, from an older snapshot that repeats ids)");
    }
  }

  private static String levelName(int level) {
    return switch (level) {
      case Connection.TRANSACTION_READ_UNCOMMITTED -> "READ UNCOMMITTED";
      case Connection.TRANSACTION_REPEATABLE_READ -> "REPEATABLE READ";
      case Connection.TRANSACTION_SERIALIZABLE -> "SERIALIZABLE";
      default -> "isolation level " + level;
    };
  }

  /** The lock table's lock, and the ids after the largest stored. */
  @Override
  public long[] take(Connection connection, int count) throws SQLException {
    return Inserts.consecutive(lockAndNextId(connection, lockingRead), count);
  }

  /** The same: every save takes the one lock. */
  @Override
  public long[] takeAlone(Connection connection, int count) throws SQLException {
    return take(connection, count);
  }

  /** Takes the lock table's lock, and returns the id after the largest stored. */
  long lockAndNextId(Connection connection) throws SQLException {
    return lockAndNextId(connection, lockingRead);
  }

  private long lockAndNextId(Connection connection, boolean locking) throws SQLException {
    lock(connection);
    try (PreparedStatement last = connection.prepareStatement(
            locking ? plain.lastNotificationIdLocking : plain.maxNotificationId);
        ResultSet row = last.executeQuery()) {
      // MAX answers one row (NULL: none stored); the locking read, none if there are none
      return row.next() ? row.getLong(1) + 1 : 1;
    }
  }

  private void lock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(plain.lock)) {
      lock.executeUpdate(); // its count of rows differs (found, or changed: none) by driver
    }
  }
}
