package dev.recount.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The projection benchmark's baseline: the same read-transform-write as {@link Balances} with plain
 * JDBC: a page of the events table read in id order, each state decoded with jackson-core
 * ({@link RawCodec}), an INSERT or UPDATE per event on statements prepared once per batch, and one
 * compare-and-set of the position per batch, all in one transaction.
 */
final class RawProjection {
  private final HikariDataSource pool;
  private final RawCodec codec = new RawCodec(Security.PLAIN);
  private final String events;
  private final String table;
  private final String positions;
  private final int batchSize;

  RawProjection(HikariDataSource pool, String eventsTable, String base, int batchSize)
      throws SQLException {
    this.pool = pool;
    this.events = eventsTable;
    this.table = base;
    this.positions = base + "_position";
    this.batchSize = batchSize;
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(Balances.ddl(table));
      statement.execute("CREATE TABLE IF NOT EXISTS " + positions
          + " (name VARCHAR(100) PRIMARY KEY, log_position BIGINT NOT NULL)");
      statement.execute("INSERT INTO " + positions + " (name, log_position) VALUES ('raw', 0)");
    }
  }

  /** Applies everything after the position; returns how many events. */
  long catchUp() throws SQLException {
    long position = 0;
    long applied = 0;
    while (true) {
      try (Connection connection = pool.getConnection()) {
        connection.setAutoCommit(false);
        int count = 0;
        long last = position;
        try (PreparedStatement select = connection.prepareStatement("SELECT \"notification_id\","
                + " \"originator_id\", \"originator_version\", \"topic\", \"state\" FROM " + events
                + " WHERE \"notification_id\" > ? ORDER BY \"notification_id\" LIMIT ?");
            PreparedStatement insert =
                connection.prepareStatement(String.format(Balances.INSERT, table));
            PreparedStatement update =
                connection.prepareStatement(String.format(Balances.UPDATE, table))) {
          select.setLong(1, position);
          select.setInt(2, batchSize);
          try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              last = rows.getLong(1);
              UUID id = rows.getObject(2, UUID.class);
              String topic = rows.getString(4);
              Object event =
                  RawCodec.event(topic, codec.decodeEvent(id, rows.getLong(3), rows.getBytes(5)));
              if (event instanceof Account.Opened) {
                insert.setString(1, id.toString());
                insert.executeUpdate();
              } else if (event instanceof Account.Deposited deposited) {
                update.setLong(1, deposited.amount());
                update.setString(2, id.toString());
                update.executeUpdate();
              }
              count++;
            }
          }
        }
        if (count == 0) {
          connection.rollback();
          return applied;
        }
        try (PreparedStatement advance = connection.prepareStatement("UPDATE " + positions
            + " SET log_position = ? WHERE name = 'raw' AND log_position = ?")) {
          advance.setLong(1, last);
          advance.setLong(2, position);
          if (advance.executeUpdate() != 1) {
            throw new IllegalStateException("raw projection raced");
          }
        }
        connection.commit();
        position = last;
        applied += count;
      }
    }
  }
}
