package dev.recount.cli;

import dev.recount.Application;
import dev.recount.StoredEvent;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Writes stores for the tool to read, and tampers with them as someone with SQL access would. */
final class Stores {
  private Stores() {}

  /** The settings of an application on {@code server} with the tables of {@code prefix}. */
  static Map<String, String> environment(DatabaseServer server, String prefix) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DB_URI", server.url());
    if (server.user() != null) {
      environment.put("DB_USER", server.user());
    }
    if (server.password() != null) {
      environment.put("DB_PASSWORD", server.password());
    }
    environment.put("TABLE_PREFIX", prefix);
    return environment;
  }

  /**
   * Writes {@code ledgers} ledgers of {@code entries} entries each (so {@code entries + 1} events
   * each), with a snapshot every {@code snapshotInterval} events (0: none).
   *
   * @param cipherKey base64; {@code null} for no encryption
   * @return the ledgers' ids, in the order written
   */
  static List<UUID> write(
      DatabaseServer server,
      String prefix,
      int ledgers,
      int entries,
      int snapshotInterval,
      String cipherKey) {
    Map<String, String> environment = environment(server, prefix);
    environment.put("SNAPSHOTTING_INTERVAL", Integer.toString(snapshotInterval));
    if (cipherKey != null) {
      environment.put("CIPHER_KEY", cipherKey);
    }
    List<UUID> ids = new ArrayList<>();
    try (Application app = Application.builder().environment(environment).build()) {
      LedgerRepository repository = LedgerRepository.of(app);
      for (int l = 0; l < ledgers; l++) {
        Ledger ledger = Ledger.open("owner " + l);
        for (int e = 1; e <= entries; e++) {
          ledger.enter("entry " + e, 100L * e);
          // One save per event, so that snapshots fall due at their interval.
          repository.save(ledger);
        }
        repository.save(ledger);
        ids.add(ledger.id());
      }
    }
    return ids;
  }

  /** The notification id of an aggregate's event at a version. */
  static long notificationId(DatabaseServer server, String prefix, UUID id, long version) {
    try (Application app = Application.builder()
        .environment(environment(server, prefix))
        .readOnly(true)
        .build()) {
      StoredEvent event = app.storedEvents(id).get((int) version - 1);
      return event.notificationId();
    }
  }

  /** Flips the last byte of an event's stored state, as a disk or a hand with SQL might. */
  static void flipEventByte(DatabaseServer server, String prefix, UUID id, long version) {
    flipEventByte(server, prefix, id, version, "state");
  }

  /** Flips the last byte of a column of an event's row ({@code state} or {@code metadata}). */
  static void flipEventByte(
      DatabaseServer server, String prefix, UUID id, long version, String column) {
    long notificationId = notificationId(server, prefix, id, version);
    String table = server.quote(prefix + "events");
    String state = server.quote(column);
    String key = server.quote("notification_id");
    try (Connection connection = server.connect()) {
      byte[] bytes;
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT " + state + " FROM " + table + " WHERE " + key + " = ?")) {
        select.setLong(1, notificationId);
        try (ResultSet row = select.executeQuery()) {
          row.next();
          bytes = row.getBytes(1);
        }
      }
      bytes[bytes.length - 1] ^= 0x01;
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE " + table + " SET " + state + " = ? WHERE " + key + " = ?")) {
        update.setBytes(1, bytes);
        update.setLong(2, notificationId);
        update.executeUpdate();
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not tamper with " + prefix + "events", e);
    }
  }
}
