package dev.recount.cli;

import dev.recount.annotations.Handles;
import dev.recount.annotations.Projection;
import dev.recount.projection.Generation;
import dev.recount.projection.ProjectionContext;
import dev.recount.projection.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** The tests' projection: one row per entry; the tool reads its positions, never its class. */
@Projection("ledger-totals")
public class LedgerTotals implements ReadModel {
  @Override
  public void createTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS " + generation.table("ledger_entries")
          + " (ledger_id VARCHAR(36), cents BIGINT)");
    }
  }

  @Override
  public void dropTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS " + generation.table("ledger_entries"));
    }
  }

  @Handles
  void entered(Ledger.Entered event, ProjectionContext context) throws SQLException {
    PreparedStatement insert = context.statement(
        "INSERT INTO " + context.table("ledger_entries") + " (ledger_id, cents) VALUES (?, ?)");
    insert.setString(1, context.originatorId().toString());
    insert.setLong(2, event.cents());
    insert.executeUpdate();
  }
}
