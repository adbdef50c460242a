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
 * H2: ids after the largest stored, taken and committed while holding the lock table's row lock,
 * which the commit releases: the next writer takes its ids only after this one's rows are visible,
 * so a reader sees a prefix of the ids, and a failed save leaves no gap.
 */
final class LockedIds implements IdAssignment, TakenIds {
  private final PlainStatements plain;
  private final Inserts inserts;

  LockedIds(PlainStatements plain, Inserts inserts) {
    this.plain = plain;
    this.inserts = inserts;
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
   * Inserts in a caller's transaction, which may have read before: only at READ COMMITTED (H2's
   * default), where every statement sees the newest committed rows, so the plain read of a save of
   * its own does. At REPEATABLE READ and above H2 reads from the transaction's snapshot even with
   * {@code FOR UPDATE} (CallerTransactionContract), so such a save is refused before it writes
   * rather than failing on an id already taken. Asking an H2 connection its level reads a field.
   */
  @Override
  public List<StoredEvent> insertJoined(Connection connection, List<StoredEvent> events)
      throws SQLException {
    requireReadCommitted(connection);
    List<StoredEvent> stored = Inserts.numbered(events, lockAndNextId(connection));
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
    return Inserts.consecutive(lockAndNextId(connection), count);
  }

  /** The lock table's lock: every save takes the one lock. */
  @Override
  public void excludeOthers(Connection connection) throws SQLException {
    lock(connection);
  }

  /** Holding the lock: the ids after the largest stored. */
  @Override
  public List<StoredEvent> insertAlone(Connection connection, List<StoredEvent> events)
      throws SQLException {
    List<StoredEvent> stored = Inserts.numbered(events, nextId(connection));
    inserts.events(connection, stored);
    return stored;
  }

  /** Takes the lock table's lock, and returns the id after the largest stored. */
  private long lockAndNextId(Connection connection) throws SQLException {
    lock(connection);
    return nextId(connection);
  }

  /** The id after the largest stored: read holding the lock. */
  private long nextId(Connection connection) throws SQLException {
    try (PreparedStatement last = connection.prepareStatement(plain.maxNotificationId);
        ResultSet row = last.executeQuery()) {
      return row.next() ? row.getLong(1) + 1 : 1; // MAX is NULL where none is stored
    }
  }

  private void lock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(plain.lock)) {
      lock.executeUpdate(); // its count of rows differs (found, or changed: none) by driver
    }
  }
}
