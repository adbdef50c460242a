package dev.recount.jooq;

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
final class LockedIds implements IdAssignment {
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
   * Inserts in a caller's transaction, which may have read before at any isolation level: the
   * largest id is read with a locking read, which sees the newest committed rows (on MariaDB at
   * REPEATABLE READ a plain read would see the transaction's older snapshot, and repeat an id).
   */
  List<StoredEvent> insertJoined(Connection connection, List<StoredEvent> events)
      throws SQLException {
    lock(connection);
    long next;
    try (PreparedStatement last = connection.prepareStatement(plain.lastNotificationIdLocking);
        ResultSet row = last.executeQuery()) {
      next = row.next() ? row.getLong(1) + 1 : 1;
    }
    List<StoredEvent> stored = Inserts.numbered(events, next);
    inserts.events(connection, stored);
    return stored;
  }

  /** Takes the lock table's lock, and returns the id after the largest stored. */
  long lockAndNextId(Connection connection) throws SQLException {
    lock(connection);
    try (PreparedStatement max = connection.prepareStatement(plain.maxNotificationId);
        ResultSet row = max.executeQuery()) {
      row.next();
      return row.getLong(1) + 1;
    }
  }

  private void lock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(plain.lock)) {
      lock.executeUpdate(); // its count of rows differs (found, or changed: none) by driver
    }
  }
}
