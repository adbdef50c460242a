package dev.recount.examples.trust;

import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.testing.DatabaseServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What someone with write access to the database can do without any key: rewrite rows with plain
 * SQL and recompute their SHA-256 hashes, whose layout is public (docs/INTEGRITY.md). Written from
 * that description, not from the runtime's code, so that a change of layout fails these tests.
 */
final class Forger {
  private final DatabaseServer server;
  private final String events;
  private final String snapshots;
  private final String checkpoints;

  Forger(DatabaseServer server, String prefix) {
    this.server = server;
    this.events = server.quote(prefix + "events");
    this.snapshots = server.quote(prefix + "snapshots");
    this.checkpoints = server.quote(prefix + "checkpoints");
  }

  /** Plain JSON state, as stored without compression, encryption or tag: a zero format byte. */
  static byte[] plain(String json) {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    byte[] state = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, state, 1, bytes.length);
    return state;
  }

  /** The JSON of plain stored state. */
  static String json(byte[] state) {
    return new String(state, 1, state.length - 1, StandardCharsets.UTF_8);
  }

  /**
   * Rewrites an aggregate's events from {@code fromVersion} with new states (null keeps one) and
   * recomputes every hash from there on, so that the chain is whole again.
   */
  List<StoredEvent> rewrite(List<StoredEvent> stored, long fromVersion, List<byte[]> states) {
    List<StoredEvent> changed = new ArrayList<>();
    for (StoredEvent event : stored) {
      int index = (int) (event.originatorVersion() - fromVersion);
      boolean replaced = index >= 0 && index < states.size() && states.get(index) != null;
      changed.add(replaced ? withState(event, states.get(index), event.timestampMicros()) : event);
    }
    return rechain(changed, fromVersion);
  }

  /** Moves one event's timestamp, and recomputes its hash and those after it. */
  List<StoredEvent> retime(List<StoredEvent> stored, long version, long timestampMicros) {
    List<StoredEvent> changed = new ArrayList<>();
    for (StoredEvent event : stored) {
      changed.add(
          event.originatorVersion() == version
              ? withState(event, event.state(), timestampMicros)
              : event);
    }
    return rechain(changed, version);
  }

  private static StoredEvent withState(StoredEvent event, byte[] state, long timestampMicros) {
    return new StoredEvent(
        event.originatorId(),
        event.originatorVersion(),
        event.topic(),
        timestampMicros,
        state,
        event.previousHash(),
        event.hash(),
        event.notificationId());
  }

  /** Writes the events from {@code fromVersion} on with their hashes recomputed and chained. */
  private List<StoredEvent> rechain(List<StoredEvent> events, long fromVersion) {
    List<StoredEvent> written = new ArrayList<>();
    byte[] previous = null;
    for (StoredEvent event : events) {
      if (event.originatorVersion() < fromVersion) {
        previous = event.hash();
        written.add(event);
        continue;
      }
      StoredEvent forged = new StoredEvent(
          event.originatorId(),
          event.originatorVersion(),
          event.topic(),
          event.timestampMicros(),
          event.state(),
          previous,
          null,
          event.notificationId());
      byte[] hash = eventHash(forged);
      update(
          "UPDATE " + this.events + " SET " + q("state") + " = ?, " + q("timestamp_us") + " = ?, "
              + q("previous_hash") + " = ?, " + q("hash") + " = ? WHERE " + q("notification_id")
              + " = ?",
          event.state(),
          event.timestampMicros(),
          previous,
          hash,
          event.notificationId());
      previous = hash;
      written.add(forged);
    }
    return written;
  }

  /** Replaces a snapshot's state and recomputes its hash (head unchanged). */
  void forgeSnapshot(StoredSnapshot snapshot, byte[] state) {
    StoredSnapshot forged = new StoredSnapshot(
        snapshot.originatorId(),
        snapshot.originatorVersion(),
        snapshot.topic(),
        snapshot.timestampMicros(),
        snapshot.fingerprint(),
        state,
        snapshot.head(),
        null);
    update(
        "UPDATE " + snapshots + " SET " + q("state") + " = ?, " + q("hash") + " = ? WHERE "
            + q("originator_id") + " = ? AND " + q("originator_version") + " = ?",
        state,
        snapshotHash(forged),
        snapshot.originatorId(),
        snapshot.originatorVersion());
  }

  /** The aggregate's snapshots as stored, oldest first. */
  List<StoredSnapshot> snapshots(UUID id) {
    String sql = "SELECT " + q("originator_version") + ", " + q("topic") + ", "
        + q("timestamp_us") + ", " + q("fingerprint") + ", " + q("state") + ", " + q("head")
        + ", " + q("hash") + " FROM " + snapshots + " WHERE " + q("originator_id")
        + " = ? ORDER BY "
        + q("originator_version");
    try (Connection connection = server.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setObject(1, server.kind() == DatabaseServer.Kind.MARIADB ? id.toString() : id);
      List<StoredSnapshot> found = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          found.add(new StoredSnapshot(
              id,
              rows.getLong(1),
              rows.getString(2),
              rows.getLong(3),
              rows.getString(4),
              rows.getBytes(5),
              rows.getBytes(6),
              rows.getBytes(7)));
        }
      }
      return found;
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Overwrites an event's state and nothing else: its hash no longer matches. */
  void overwriteState(long notificationId, byte[] state) {
    update(
        "UPDATE " + events + " SET " + q("state") + " = ? WHERE " + q("notification_id") + " = ?",
        state,
        notificationId);
  }

  void deleteEvent(long notificationId) {
    update("DELETE FROM " + events + " WHERE " + q("notification_id") + " = ?", notificationId);
  }

  /** Swaps the notification ids of two events, through an id no event has. */
  void swapNotificationIds(long a, long b) {
    String set = "UPDATE " + events + " SET " + q("notification_id") + " = ? WHERE "
        + q("notification_id") + " = ?";
    update(set, -1L, a);
    update(set, a, b);
    update(set, b, -1L);
  }

  void deleteCheckpointsAfter(long upTo) {
    update("DELETE FROM " + checkpoints + " WHERE " + q("up_to") + " > ?", upTo);
  }

  void alterCheckpointEventCount(long upTo, long events) {
    update(
        "UPDATE " + checkpoints + " SET " + q("events") + " = ? WHERE " + q("up_to") + " = ?",
        events,
        upTo);
  }

  private String q(String column) {
    return server.quote(column);
  }

  private void update(String sql, Object... parameters) {
    try (Connection connection = server.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        Object value = parameters[i];
        if (value instanceof UUID && server.kind() == DatabaseServer.Kind.MARIADB) {
          value = value.toString();
        }
        statement.setObject(i + 1, value);
      }
      statement.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  // The hash layout: SHA-256 of a kind byte ('E' or 'S'), the previous hash (the head, for a
  // snapshot; 32 zero bytes if none), the id's two longs, the version, the topic's length and UTF-8
  // bytes, the timestamp, the fingerprint's length and bytes (empty for events), the state's
  // length and bytes; every number a big-endian 8-byte long.

  static byte[] eventHash(StoredEvent e) {
    return digest(
        'E',
        e.previousHash(),
        e.originatorId(),
        e.originatorVersion(),
        e.topic(),
        e.timestampMicros(),
        "",
        e.state());
  }

  static byte[] snapshotHash(StoredSnapshot s) {
    return digest(
        'S',
        s.head(),
        s.originatorId(),
        s.originatorVersion(),
        s.topic(),
        s.timestampMicros(),
        s.fingerprint(),
        s.state());
  }

  private static byte[] digest(
      char kind,
      byte[] previous,
      UUID id,
      long version,
      String topic,
      long timestamp,
      String fingerprint,
      byte[] state) {
    byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
    byte[] fingerprintBytes = fingerprint.getBytes(StandardCharsets.UTF_8);
    ByteBuffer fields =
        ByteBuffer.allocate(1 + 32 + 7 * 8 + topicBytes.length + fingerprintBytes.length);
    fields
        .put((byte) kind)
        .put(previous == null ? new byte[32] : previous)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .putLong(version)
        .putLong(topicBytes.length)
        .put(topicBytes)
        .putLong(timestamp)
        .putLong(fingerprintBytes.length)
        .put(fingerprintBytes)
        .putLong(state.length);
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(fields.array());
      sha.update(state);
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
