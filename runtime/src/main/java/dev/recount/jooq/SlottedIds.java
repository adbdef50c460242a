package dev.recount.jooq;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

/**
 * MariaDB: ids from a sequence, which hands them out at once and outside transactions, taken by a
 * transaction that first locks a row of the writers table (its slot) and holds it until it ends.
 * The slot's row remembers, from its last committed writer, an id at or below every id a later
 * writer of the slot takes. Readers see only ids below the first id the sequence has not handed out
 * and below the remembered id of every slot locked now (docs/DATABASES.md has the argument).
 * Writers commit in parallel, a save may join a transaction that has written before, and a failed
 * save leaves a gap.
 */
final class SlottedIds implements IdAssignment, TakenIds {
  /** Writers' slots: a writer's slot is its connection's id modulo this. */
  static final int SLOTS = 64;

  /**
   * The writers table's row after the slots, {@code slot = SLOTS}, which only a conditional append
   * writes: it remembers the id after the last conditional append's, below every id of a writer
   * that took its slot since (the append held every slot until it committed).
   */
  static final int APPENDS_ROW = SLOTS;

  /** MariaDB's error for a lock not granted in time. */
  static final int LOCK_WAIT_TIMEOUT = 1205;

  /** Ids per statement when more than one is taken: MariaDB's default recursion limit is 1000. */
  private static final int IDS_PER_STATEMENT = 1000;

  private final PlainStatements plain;
  /** {@code INSERT INTO <prefix>events (<the columns>) VALUES}: the head of a numbering insert. */
  private final String insertHead;
  /** The numbering insert by number of rows, for up to 64 rows. */
  private final Map<Integer, String> numberingSql = new ConcurrentHashMap<>();

  private final String sequence;
  /**
   * Locks the connection's slot and takes the first id: the lock is granted before the row's new
   * value, and so the id, is computed.
   */
  private final String takeSlot;
  /** {@link #takeSlot}, failing at once (error 1205) if another transaction holds the slot. */
  private final String takeSlotAtOnce;
  /** The first slot no other transaction holds, from the connection's own on: locked, or none. */
  private final String freeSlot;
  /** {@link #takeSlot} for a slot given: the count, then the slot. */
  private final String takeGivenSlot;
  /**
   * Whether a save whose slot another transaction holds takes a free one instead of waiting. Not
   * where InnoDB rolls back the whole transaction at a lock wait's timeout
   * ({@code innodb_rollback_on_timeout}): a caller's transaction would be lost. Set at start.
   */
  private volatile boolean skipHeldSlots;
  /**
   * The first id, as the session's last value of the sequence. (Not {@code LAST_INSERT_ID(...)} in
   * the update, which would save this statement but leave the id where a caller's transaction reads
   * the key of its own last insert.)
   */
  private final String firstId;

  private final String moreIds;
  private final String lockEverySlot;
  /** After a conditional append's ids: the appends' row remembers the id after its last. */
  private final String rememberInEverySlot;
  /**
   * For each slot, an id below every id of a transaction that took the slot since a reader of this
   * application last saw it free: the first id not handed out, read before that listing.
   */
  private final AtomicLongArray seenFree = new AtomicLongArray(SLOTS);
  /**
   * A first id not handed out below which a bound found every id's transaction ended. While the
   * sequence has not moved past it, no id below it can be in flight, and the slots need no listing.
   */
  private final AtomicLong settled = new AtomicLong(-1);
  /** The first id not handed out, and every slot's remembered id: one statement, read first. */
  private final String remembered;
  /** The slots no transaction holds now. */
  private final String freeSlots;

  SlottedIds(PlainStatements plain, String prefix) {
    this.plain = plain;
    String writers = "`" + prefix + "writers`";
    String sequence = "`" + prefix + "notification_ids`";
    this.sequence = sequence;
    this.insertHead = "INSERT INTO `" + prefix + "events` ("
        + Tables.EVENT_COLUMNS.stream()
            .map(column -> "`" + column.getName() + "`")
            .collect(Collectors.joining(", "))
        + ") VALUES ";
    this.takeSlot = "UPDATE " + writers + " SET `floor` = NEXTVAL(" + sequence
        + ") + ? WHERE `slot` = CONNECTION_ID() % " + SLOTS;
    this.takeSlotAtOnce = "SET STATEMENT innodb_lock_wait_timeout = 0 FOR " + takeSlot;
    this.freeSlot = "SELECT `slot` FROM " + writers + " WHERE `slot` < " + SLOTS
        + " ORDER BY (`slot` + " + SLOTS + " - CONNECTION_ID() % " + SLOTS + ") % " + SLOTS
        + " LIMIT 1 FOR UPDATE SKIP LOCKED";
    this.takeGivenSlot =
        "UPDATE " + writers + " SET `floor` = NEXTVAL(" + sequence + ") + ? WHERE `slot` = ?";
    this.firstId = "SELECT PREVIOUS VALUE FOR " + sequence;
    this.moreIds = "WITH RECURSIVE `n`(`i`) AS (SELECT 1 UNION ALL SELECT `i` + 1 FROM `n`"
        + " WHERE `i` < ?) SELECT NEXTVAL(" + sequence + ") FROM `n`";
    this.lockEverySlot = "SELECT `slot` FROM " + writers + " FOR UPDATE";
    this.rememberInEverySlot =
        "UPDATE " + writers + " SET `floor` = ? WHERE `slot` = " + APPENDS_ROW;
    this.remembered = "SELECT s.`next_not_cached_value`, w.`slot`, w.`floor` FROM " + sequence
        + " s, " + writers + " w";
    this.freeSlots = "SELECT `slot` FROM " + writers + " LOCK IN SHARE MODE SKIP LOCKED";
  }

  /**
   * Below the first id not handed out and below the remembered id of every slot held now. The
   * sequence and the rows are read before the locks are listed, in a statement of their own; the
   * listing is skipped while the sequence stands where a bound last found nothing in flight.
   */
  @Override
  public long visibleBelow(Connection connection) throws SQLException {
    long bound = Long.MAX_VALUE;
    long[] floors = new long[SLOTS];
    Arrays.fill(floors, Long.MAX_VALUE);
    long appended = 0;
    try (PreparedStatement read = connection.prepareStatement(remembered);
        ResultSet rows = read.executeQuery()) {
      while (rows.next()) {
        bound = rows.getLong(1);
        int slot = rows.getInt(2);
        if (slot >= 0 && slot < SLOTS) {
          floors[slot] = rows.getLong(3);
        } else if (slot == APPENDS_ROW) {
          appended = rows.getLong(3);
        }
      }
    }
    long next = bound;
    if (next == settled.get()) {
      return next; // no id taken since every id below it was seen ended: nothing to list
    }
    boolean[] free = new boolean[SLOTS];
    try (PreparedStatement list = connection.prepareStatement(freeSlots);
        ResultSet rows = list.executeQuery()) {
      while (rows.next()) {
        int slot = rows.getInt(1);
        if (slot >= 0 && slot < SLOTS) {
          free[slot] = true;
        }
      }
    }
    for (int slot = 0; slot < SLOTS; slot++) {
      if (free[slot]) {
        seenFree.accumulateAndGet(slot, next, Math::max);
      } else {
        // seenFree is read after the listing: a transaction that held the slot then and had ended
        // before another reader saw it free is in the snapshot of the read that follows this.
        long below = Math.max(floors[slot], Math.max(seenFree.get(slot), appended));
        bound = Math.min(bound, below);
      }
    }
    if (bound == next) {
      settled.accumulateAndGet(next, Math::max);
    }
    return bound;
  }

  @Override
  public void check(Schema schema) {
    schema.checkSlots();
    skipHeldSlots = !schema.rollsBackWholeTransactionsOnLockTimeouts();
  }

  /** Never: the events go in a plain statement batch. */
  @Override
  public boolean needsContext(int events) {
    return false;
  }

  @Override
  public List<StoredEvent> insert(
      Connection connection, org.jooq.DSLContext tx, List<StoredEvent> events) throws SQLException {
    return insertJoined(connection, events);
  }

  /**
   * The slot, then one insert that numbers its rows itself and returns their ids: its first row
   * takes the id the slot's update took ({@code PREVIOUS VALUE FOR}), the others the sequence's
   * next. A one-event save is two statements; {@link #take} would be three.
   */
  @Override
  public List<StoredEvent> insertJoined(Connection connection, List<StoredEvent> events)
      throws SQLException {
    lockSlot(connection, events.size());
    return numberingInsert(connection, events, true);
  }

  /**
   * Inserts the events in statements that number their rows from the sequence and return the ids;
   * the first row's id is the one the slot's update took if {@code slotTookFirst}.
   */
  private List<StoredEvent> numberingInsert(
      Connection connection, List<StoredEvent> events, boolean slotTookFirst) throws SQLException {
    long[] ids = new long[events.size()];
    for (int from = 0; from < events.size(); from += Inserts.ROWS_PER_STATEMENT) {
      List<StoredEvent> chunk =
          events.subList(from, Math.min(events.size(), from + Inserts.ROWS_PER_STATEMENT));
      try (PreparedStatement insert =
          connection.prepareStatement(numberingSql(chunk.size(), slotTookFirst && from == 0))) {
        int parameter = 1;
        for (StoredEvent event : chunk) {
          parameter = plain.bindEventColumns(insert, parameter, event);
        }
        int row = from;
        try (ResultSet returned = insert.executeQuery()) {
          while (returned.next()) {
            ids[row++] = returned.getLong(1);
          }
        }
        if (row != from + chunk.size()) {
          throw new IllegalStateException("inserted " + (row - from) + " rows of " + chunk.size());
        }
      }
    }
    return Inserts.numbered(events, ids, 0);
  }

  /**
   * The insert of {@code rows} events whose ids the sequence gives, in row order (the first row's
   * the one the slot's update took, if {@code first}), returning them.
   */
  private String numberingSql(int rows, boolean first) {
    int key = first ? rows : -rows;
    String cached = numberingSql.get(key);
    if (cached != null) {
      return cached;
    }
    StringBuilder sql = new StringBuilder(insertHead);
    for (int i = 0; i < rows; i++) {
      sql.append(i == 0 ? "(" : ", (")
          .append(i == 0 && first ? "PREVIOUS VALUE FOR " + sequence : "NEXTVAL(" + sequence + ")")
          .append(", ?, ?, ?, ?, ?, ?, ?, ?)");
    }
    sql.append(" RETURNING `").append(Tables.NOTIFICATION_ID.getName()).append('`');
    String built = sql.toString();
    if (rows <= 64) {
      numberingSql.put(key, built);
    }
    return built;
  }

  @Override
  public long[] take(Connection connection, int count) throws SQLException {
    long[] ids = new long[count];
    if (count == 0) {
      return ids; // nothing for the log: no slot
    }
    lockSlot(connection, count);
    try (PreparedStatement first = connection.prepareStatement(firstId);
        ResultSet row = first.executeQuery()) {
      row.next();
      ids[0] = row.getLong(1);
    }
    more(connection, ids, 1);
    return ids;
  }

  /**
   * Locks the connection's slot and takes the first of {@code count} ids, which the slot remembers
   * plus the count: below the ids of the slot's next writer.
   */
  private void lockSlot(Connection connection, int count) throws SQLException {
    if (skipHeldSlots) {
      try {
        update(connection, takeSlotAtOnce, count, -1);
        return;
      } catch (SQLException e) {
        if (e.getErrorCode() != LOCK_WAIT_TIMEOUT) {
          throw e;
        }
        // Another transaction holds the slot (a connection of another process, whose id is the
        // same modulo 64, or a caller's transaction of this one): any free slot will do, and
        // only if all are held does the save wait, for its own.
      }
      int free = freeSlot(connection);
      if (free >= 0) {
        update(connection, takeGivenSlot, count, free);
        return;
      }
    }
    update(connection, takeSlot, count, -1);
  }

  /** The slot's update: the count of ids, and the slot if the statement names one. */
  private static void update(Connection connection, String sql, int count, int slot)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(sql)) {
      update.setInt(1, count);
      if (slot >= 0) {
        update.setInt(2, slot);
      }
      if (update.executeUpdate() != 1) {
        throw new SQLException("no row for the slot in the writers table");
      }
    }
  }

  /** A slot no other transaction holds, locked now; -1 if every one is held. */
  private int freeSlot(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(freeSlot);
        ResultSet row = select.executeQuery()) {
      return row.next() ? row.getInt(1) : -1;
    }
  }

  /** Every slot, so every other writer waits until this transaction ends. */
  @Override
  public void excludeOthers(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(lockEverySlot);
        ResultSet rows = lock.executeQuery()) {
      while (rows.next()) {
        // every row is locked as it is read
      }
    }
  }

  /**
   * Holding every slot: the events, numbered by the insert, and then the appends' row remembers the
   * id after the last, below every id of a writer that takes its slot once this one commits.
   */
  @Override
  public List<StoredEvent> insertAlone(Connection connection, List<StoredEvent> events)
      throws SQLException {
    List<StoredEvent> stored = numberingInsert(connection, events, false);
    if (!stored.isEmpty()) {
      try (PreparedStatement remember = connection.prepareStatement(rememberInEverySlot)) {
        remember.setLong(1, stored.get(stored.size() - 1).notificationId() + 1);
        remember.executeUpdate();
      }
    }
    return stored;
  }

  /** Fills {@code ids} from {@code from} on with ids from the sequence, in ascending order. */
  private void more(Connection connection, long[] ids, int from) throws SQLException {
    int next = from;
    while (next < ids.length) {
      int chunk = Math.min(IDS_PER_STATEMENT, ids.length - next);
      try (PreparedStatement take = connection.prepareStatement(moreIds)) {
        take.setInt(1, chunk);
        try (ResultSet rows = take.executeQuery()) {
          int start = next;
          while (rows.next()) {
            ids[next++] = rows.getLong(1);
          }
          if (next - start != chunk) {
            throw new SQLException("the sequence gave " + (next - start) + " ids of " + chunk);
          }
        }
      }
    }
    Arrays.sort(ids, from, ids.length);
  }
}
