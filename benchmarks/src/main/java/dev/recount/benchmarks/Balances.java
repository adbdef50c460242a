package dev.recount.benchmarks;

import dev.recount.annotations.Handles;
import dev.recount.annotations.Projection;
import dev.recount.projection.Generation;
import dev.recount.projection.ProjectionContext;
import dev.recount.projection.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.LongConsumer;

/**
 * The projection the projection benchmark runs: each account's balance and number of deposits, one
 * row per account, an INSERT per opening and an UPDATE per deposit; {@link RawProjection} does the
 * same by hand.
 */
@Projection("bench-balances")
public class Balances implements ReadModel {
  private final String base;
  private final LongConsumer lagMicros;

  /**
   * @param base the table's base name
   * @param lagMicros told, for each event applied, how long after its timestamp it was applied
   */
  Balances(String base, LongConsumer lagMicros) {
    this.base = base;
    this.lagMicros = lagMicros;
  }

  static String ddl(String table) {
    return "CREATE TABLE IF NOT EXISTS " + table
        + " (account_id CHAR(36) PRIMARY KEY, balance BIGINT NOT NULL, deposits INT NOT NULL)";
  }

  static final String INSERT = "INSERT INTO %s (account_id, balance, deposits) VALUES (?, 0, 0)";
  static final String UPDATE =
      "UPDATE %s SET balance = balance + ?, deposits = deposits + 1 WHERE account_id = ?";

  @Override
  public void createTables(Connection connection, Generation generation) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(ddl(generation.table(base)));
    }
  }

  @Override
  public void dropTables(Connection connection, Generation generation) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("DROP TABLE IF EXISTS " + generation.table(base));
    }
  }

  @Handles
  void opened(Account.Opened event, ProjectionContext context) throws SQLException {
    PreparedStatement insert = context.statement(String.format(INSERT, context.table(base)));
    insert.setString(1, context.originatorId().toString());
    insert.executeUpdate();
    lag(context);
  }

  @Handles
  void deposited(Account.Deposited event, ProjectionContext context) throws SQLException {
    PreparedStatement update = context.statement(String.format(UPDATE, context.table(base)));
    update.setLong(1, event.amount());
    update.setString(2, context.originatorId().toString());
    update.executeUpdate();
    lag(context);
  }

  private void lag(ProjectionContext context) {
    if (lagMicros != null) {
      java.time.Instant now = java.time.Instant.now();
      lagMicros.accept(java.time.Duration.between(context.timestamp(), now).toNanos() / 1000);
    }
  }
}
