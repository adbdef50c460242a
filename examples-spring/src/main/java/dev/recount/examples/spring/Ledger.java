package dev.recount.examples.spring;

import dev.recount.spring.RecountProperties;
import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The service's own table, next to Recount's in the same database: one row per command, written
 * with {@link JdbcTemplate} in the command's transaction. Its name takes Recount's table prefix so
 * that tests on a shared server each have their own.
 */
@Repository
public class Ledger {
  /** One row: what a command did to an account, and the account's version after it. */
  public record Entry(UUID accountId, long version, String kind, BigDecimal amount) {}

  private final JdbcTemplate jdbc;
  private final String table;

  public Ledger(JdbcTemplate jdbc, RecountProperties recount) {
    this.jdbc = jdbc;
    this.table = Objects.requireNonNullElse(recount.getTablePrefix(), "") + "ledger";
    // Keyed by an id of its own, not by (account, version): a stale command's row would go in
    // without complaint, so only the rollback keeps it out when the account's save fails.
    jdbc.execute("CREATE TABLE IF NOT EXISTS " + table + " (entry_id VARCHAR(36) PRIMARY KEY,"
        + " account_id VARCHAR(36) NOT NULL, version BIGINT NOT NULL, kind VARCHAR(20) NOT NULL,"
        + " amount DECIMAL(19, 2) NOT NULL)");
  }

  void record(Account account, String kind, BigDecimal amount) {
    jdbc.update(
        "INSERT INTO " + table
            + " (entry_id, account_id, version, kind, amount) VALUES (?, ?, ?, ?, ?)",
        UUID.randomUUID().toString(),
        account.id().toString(),
        account.version(),
        kind,
        amount);
  }

  /** The account's rows, oldest first. */
  public List<Entry> entries(UUID accountId) {
    return jdbc.query(
        "SELECT account_id, version, kind, amount FROM " + table
            + " WHERE account_id = ? ORDER BY version",
        (row, n) -> new Entry(
            UUID.fromString(row.getString(1)),
            row.getLong(2),
            row.getString(3),
            row.getBigDecimal(4)),
        accountId.toString());
  }
}
