package dev.recount.jooq;

import dev.recount.StoredEvent;
import dev.recount.dcb.AppendCondition;
import dev.recount.dcb.AppendConditionFailed;
import dev.recount.dcb.Query;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import org.jooq.DSLContext;

/**
 * What Dynamic Consistency Boundaries add to saves: the tag rows of every save's events, the
 * boundary locks on PostgreSQL ({@link KeyLocks}), and the conditional append, whose check and
 * insert are one linearizable step (docs/DCB.md):
 *
 * <ul>
 *   <li>H2 and MariaDB: under the lock row that every save takes before it assigns ids (H2), or
 *       holding every writer's slot (MariaDB, where a save holds one from before its ids until it
 *       ends), the check sees every committed event, and no other save commits until this one has.
 *   <li>PostgreSQL: under the boundary locks, taken before the ids are reserved, the check sees
 *       every event that could match, and a save that could match waits for this one to end.
 * </ul>
 */
final class DcbWrites {

  private final Database database;
  private final Dialect dialect;
  private final String prefix;
  private final Inserts inserts;
  private final IdAssignment ids;
  /** H2 and MariaDB: ids taken in the transaction; else null. */
  private final TakenIds takenIds;
  /** PostgreSQL: the boundary locks; else null. */
  private final KeyLocks keyLocks;

  private final String insertTag;
  private final String tagsOfId;
  private final String topicOfId;

  DcbWrites(
      Database database, String prefix, Inserts inserts, IdAssignment ids, KeyLocks keyLocks) {
    this.database = database;
    this.dialect = database.dialect();
    this.prefix = prefix;
    this.inserts = inserts;
    this.ids = ids;
    this.takenIds = ids instanceof TakenIds taken ? taken : null;
    this.keyLocks = keyLocks;
    String table = dialect.quote(prefix + "event_tags");
    String id = dialect.quote("notification_id");
    String tag = dialect.quote("tag");
    this.insertTag = "INSERT INTO " + table + " (" + id + ", " + tag + ") VALUES (?, ?)";
    this.tagsOfId = "SELECT " + tag + " FROM " + table + " WHERE " + id + " = ?";
    this.topicOfId = "SELECT " + dialect.quote("topic") + " FROM "
        + dialect.quote(prefix + "events") + " WHERE " + id + " = ?";
  }

  /**
   * PostgreSQL: takes the shared boundary locks of a save's events, before it reserves ids; no-op
   * on H2 and MariaDB, whose saves take the lock row.
   */
  void beforeInsert(Connection connection, List<StoredEvent> events, List<Set<String>> tags)
      throws SQLException {
    if (keyLocks != null && !events.isEmpty()) {
      keyLocks.lock(connection, events, tags, null);
    }
  }

  /** Inserts the tag rows of numbered events ({@code tags} in their order; empty if none). */
  void insertTags(Connection connection, List<StoredEvent> stored, List<Set<String>> tags)
      throws SQLException {
    if (tags.isEmpty()) {
      return;
    }
    boolean any = false;
    try (PreparedStatement insert = connection.prepareStatement(insertTag)) {
      for (int i = 0; i < stored.size(); i++) {
        for (String tag : tags.get(i)) {
          insert.setLong(1, stored.get(i).notificationId());
          insert.setString(2, tag);
          insert.addBatch();
          any = true;
        }
      }
      if (any) {
        insert.executeBatch();
      }
    }
  }

  /** The conditional append: one transaction of its own. */
  List<StoredEvent> append(
      List<StoredEvent> events, List<Set<String>> tags, AppendCondition condition) {
    try {
      return Deadlocks.retried(() -> database
          .writes()
          .connectionResult(connection ->
              Transaction.run(connection, database.boundaryIsolation(), () -> {
                List<StoredEvent> stored;
                if (takenIds != null && condition == null) {
                  stored = ids.insert(connection, null, events); // as a save's
                } else if (takenIds != null) {
                  // Only a condition needs every other save kept out (MariaDB: every slot).
                  takenIds.excludeOthers(connection);
                  check(connection, condition);
                  stored = takenIds.insertAlone(connection, events);
                } else {
                  Query query = condition == null ? null : condition.failIfEventsMatch();
                  keyLocks.lock(connection, events, tags, query);
                  check(connection, condition);
                  DSLContext tx =
                      ids.needsContext(events.size()) ? inserts.context(connection) : null;
                  stored = ids.insert(connection, tx, events);
                }
                insertTags(connection, stored, tags);
                return stored;
              })));
    } catch (AppendConditionFailed failed) {
      throw failed;
    } catch (RuntimeException e) {
      throw inserts.failure(e, events);
    }
  }

  /**
   * Fails if an event matching the condition is stored after its {@code after}. READ COMMITTED:
   * this statement sees every transaction committed before it began, and under the locks taken
   * before it, no save that could match is still running.
   */
  private void check(Connection connection, AppendCondition condition) throws SQLException {
    if (condition == null) {
      return;
    }
    DcbSql matching = DcbSql.matchingIds(
        dialect,
        prefix,
        condition.failIfEventsMatch(),
        condition.after().orElse(0),
        Long.MAX_VALUE);
    // The first matching id from the items' own indexes; the events table only for its topic,
    // when there is one (asked as "WHERE id IN (...) ORDER BY id LIMIT 1", PostgreSQL may walk the
    // whole table in id order instead).
    String id = dialect.quote("notification_id");
    String sql = "SELECT MIN(m." + id + ") FROM (" + matching.sql() + ") m";
    long position;
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      matching.bind(select, 1);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        position = row.getLong(1);
        if (row.wasNull()) {
          return;
        }
      }
    }
    String topic;
    try (PreparedStatement select = connection.prepareStatement(topicOfId)) {
      select.setLong(1, position);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        topic = row.getString(1);
      }
    }
    Set<String> found = new java.util.TreeSet<>();
    try (PreparedStatement select = connection.prepareStatement(tagsOfId)) {
      select.setLong(1, position);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          found.add(rows.getString(1));
        }
      }
    }
    throw new AppendConditionFailed(condition, position, topic, found);
  }
}
