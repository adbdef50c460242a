package dev.recount.jooq;

import dev.recount.StoredEvent;
import dev.recount.dcb.Query;
import dev.recount.dcb.QueryItem;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * PostgreSQL, where saves commit in parallel: the boundary locks that make conditional appends
 * linearizable without serializing saves whose boundaries are disjoint (docs/DCB.md has the
 * argument).
 *
 * <p>Every save, before it reserves its ids, takes a <em>shared</em> transaction-level advisory
 * lock on each key of its events: {@code all}, {@code type:<topic>} and {@code tag:<tag>} for each
 * tag. A conditional append takes an <em>exclusive</em> lock on one key per item of its condition
 * that every matching event shares: one of the item's tags if it has tags, else each of its types,
 * else {@code all}. Keys are taken in ascending order, each once in the stronger mode it is needed
 * in, so two saves never wait for each other in a cycle. A key is the first 8 bytes of the SHA-256
 * of the table prefix and the key's text: two keys of one hash only wait for each other needlessly.
 */
final class KeyLocks {
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private final String prefix;
  private final String sql;

  KeyLocks(Dialect dialect, String prefix) {
    this.prefix = prefix;
    this.sql = "SELECT " + dialect.quote(prefix + "lock_keys") + "(?, ?)";
  }

  /**
   * Takes the locks for a consistent read of {@code query}: exclusive, as a condition's, so that
   * every save that could add a matching event has ended and none can start until the read's
   * transaction ends.
   */
  void lockForRead(Connection connection, Query query) throws SQLException {
    lock(connection, List.of(), List.of(), query);
  }

  /**
   * Takes the locks for a save of {@code events} (with {@code tags}, or none if empty) under
   * {@code condition} ({@code null} for none), in the transaction open on {@code connection}.
   */
  void lock(
      Connection connection, List<StoredEvent> events, List<Set<String>> tags, Query condition)
      throws SQLException {
    TreeMap<Long, Boolean> keys = new TreeMap<>(); // key -> exclusive
    if (condition != null) {
      for (QueryItem item : condition.items()) {
        if (!item.tags().isEmpty()) {
          keys.put(key("tag:" + item.tags().stream().sorted().findFirst().get()), true);
        } else if (!item.types().isEmpty()) {
          for (String type : item.types()) {
            keys.put(key("type:" + type), true);
          }
        } else {
          keys.put(key("all"), true);
        }
      }
    }
    if (!events.isEmpty()) {
      keys.putIfAbsent(key("all"), false);
    }
    for (int i = 0; i < events.size(); i++) {
      keys.putIfAbsent(key("type:" + events.get(i).topic()), false);
      if (!tags.isEmpty()) {
        for (String tag : tags.get(i)) {
          keys.putIfAbsent(key("tag:" + tag), false);
        }
      }
    }
    Long[] ordered = keys.keySet().toArray(new Long[0]);
    Boolean[] exclusive = keys.values().toArray(new Boolean[0]);
    Array keyArray = connection.createArrayOf("bigint", ordered);
    Array modeArray = connection.createArrayOf("boolean", exclusive);
    try (PreparedStatement lock = connection.prepareStatement(sql)) {
      lock.setArray(1, keyArray);
      lock.setArray(2, modeArray);
      try (ResultSet done = lock.executeQuery()) {
        done.next();
      }
    } finally {
      keyArray.free();
      modeArray.free();
    }
  }

  /** The advisory lock key of {@code text}, for this prefix. */
  long key(String text) {
    MessageDigest sha = SHA256.get();
    sha.reset();
    sha.update(prefix.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
    return ByteBuffer.wrap(sha.digest(text.getBytes(StandardCharsets.UTF_8))).getLong();
  }
}
