package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.internal.LeaseTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The table of leases ({@code <prefix>leases}) in plain JDBC, each change one UPDATE whose WHERE
 * clause is the whole condition (docs/SCALING.md argues why that fences a paused holder on each
 * database). Created, if missing, when leases are first used, not with the other tables.
 */
final class LeaseRows implements LeaseTable {
  /**
   * The longest a claim waits for a row another transaction has locked (a holder writing under its
   * fence): a claim is retried at the next round anyway, and must not hold up the heartbeat.
   */
  private static final int CLAIM_TIMEOUT_SECONDS = 2;

  private final Database database;
  private final DSLContext dsl;
  private final Dialect dialect;
  private final String table;
  private final String ddl;
  private final String insert;
  private final String claim;
  private final String tokenOf;
  private final String renew;
  private final String release;
  private final String rows;

  LeaseRows(Database database, String prefix) {
    this.database = database;
    this.dsl = database.writes(); // claims, renewals, releases
    this.dialect = database.dialect();
    this.table = dialect.quote(prefix + "leases");
    this.ddl = dialect.leasesDdl(prefix);
    String now = dialect.nowMicros();
    String key = q("name") + " = ? AND " + q("segment") + " = ?";
    this.insert = "INSERT INTO " + table + " (" + q("name") + ", " + q("segment") + ", "
        + q("holder") + ", " + q("token") + ", " + q("expires_us") + ") VALUES (?, ?, NULL, 0, 0)";
    this.claim = "UPDATE " + table + " SET " + q("holder") + " = ?, " + q("token") + " = "
        + q("token") + " + 1, " + q("expires_us") + " = " + now + " + ? WHERE " + key + " AND ("
        + q("holder") + " IS NULL OR " + q("expires_us") + " <= " + now + ")";
    this.tokenOf = "SELECT " + q("token") + " FROM " + table + " WHERE " + key + " AND "
        + q("holder") + " = ?";
    this.renew = "UPDATE " + table + " SET " + q("expires_us") + " = " + now + " + ? WHERE " + key
        + " AND " + q("holder") + " = ? AND " + q("token") + " = ? AND " + q("expires_us") + " > "
        + now;
    this.release = "UPDATE " + table + " SET " + q("holder") + " = NULL, " + q("expires_us")
        + " = 0 WHERE " + key + " AND " + q("holder") + " = ? AND " + q("token") + " = ?";
    this.rows = "SELECT " + q("name") + ", " + q("segment") + ", " + q("holder") + ", " + q("token")
        + ", CASE WHEN " + q("holder") + " IS NOT NULL AND " + q("expires_us") + " > " + now
        + " THEN 1 ELSE 0 END FROM " + table + " WHERE " + q("name") + " LIKE ? ESCAPE '!'"
        + " ORDER BY " + q("name") + ", " + q("segment");
  }

  private String q(String column) {
    return dialect.quote(column);
  }

  /**
   * Creates the table if it is missing. A process that loses a race to create it (PostgreSQL and H2
   * can fail the second of two concurrent CREATE ... IF NOT EXISTS) finds it there afterwards.
   */
  LeaseRows create() {
    if (readable()) {
      return this;
    }
    try {
      dsl.connection(connection -> {
        try (Statement statement = connection.createStatement()) {
          statement.execute(ddl);
        }
      });
    } catch (DataAccessException e) {
      if (readable()) {
        return this;
      }
      throw new PersistenceError(
          "could not create the missing table " + table + " at " + database.describe()
              + " (leases keep which instance works on what): the user needs "
              + dialect.createPrivilege() + ", or a DBA creates it with the DDL in"
              + " docs/DATABASES.md (Dialect." + dialect.name() + ".leasesDdl)",
          e);
    }
    return this;
  }

  private boolean readable() {
    try {
      dsl.connection(connection -> {
        try (Statement statement = connection.createStatement()) {
          statement
              .executeQuery("SELECT " + q("name") + ", " + q("segment") + ", " + q("holder") + ", "
                  + q("token") + ", " + q("expires_us") + " FROM " + table + " WHERE 1 = 0")
              .close();
        }
      });
      return true;
    } catch (DataAccessException e) {
      return false;
    }
  }

  @Override
  public long claim(String name, int segment, String holder, long durationMillis) {
    try {
      long token = dsl.connectionResult(c -> claim(c, name, segment, holder, durationMillis));
      if (token == 0 && !exists(name, segment)) {
        insertFree(name, segment);
        token = dsl.connectionResult(c -> claim(c, name, segment, holder, durationMillis));
      }
      return token;
    } catch (DataAccessException e) {
      if (isLockTimeout(e)) {
        return 0; // its holder is writing under its fence, so it holds it still
      }
      throw failed("claim", name, segment, e);
    }
  }

  private long claim(
      Connection connection, String name, int segment, String holder, long durationMillis)
      throws SQLException {
    return Transaction.run(connection, Connection.TRANSACTION_NONE, () -> {
      try (PreparedStatement update = connection.prepareStatement(claim)) {
        update.setQueryTimeout(CLAIM_TIMEOUT_SECONDS);
        update.setString(1, holder);
        update.setLong(2, durationMillis * 1000);
        update.setString(3, name);
        update.setInt(4, segment);
        if (update.executeUpdate() == 0) {
          return 0L;
        }
      }
      try (PreparedStatement select = connection.prepareStatement(tokenOf)) {
        select.setString(1, name);
        select.setInt(2, segment);
        select.setString(3, holder);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? row.getLong(1) : 0L;
        }
      }
    });
  }

  private boolean exists(String name, int segment) {
    return dsl.connectionResult(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT 1 FROM " + table + " WHERE " + q("name") + " = ? AND " + q("segment") + " = ?")) {
        select.setString(1, name);
        select.setInt(2, segment);
        try (ResultSet row = select.executeQuery()) {
          return row.next();
        }
      }
    });
  }

  private void insertFree(String name, int segment) {
    try {
      dsl.connection(connection -> {
        try (PreparedStatement statement = connection.prepareStatement(insert)) {
          statement.setString(1, name);
          statement.setInt(2, segment);
          statement.executeUpdate();
        }
      });
    } catch (DataAccessException e) {
      if (!exists(name, segment)) {
        throw e;
      } // another instance inserted it at the same moment
    }
  }

  @Override
  public boolean renew(String name, int segment, String holder, long token, long durationMillis) {
    try {
      return dsl.connectionResult(
          connection -> fence(connection, name, segment, holder, token, durationMillis));
    } catch (DataAccessException e) {
      throw failed("renew", name, segment, e);
    }
  }

  @Override
  public boolean fence(
      Connection connection,
      String name,
      int segment,
      String holder,
      long token,
      long durationMillis)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(renew)) {
      update.setLong(1, durationMillis * 1000);
      update.setString(2, name);
      update.setInt(3, segment);
      update.setString(4, holder);
      update.setLong(5, token);
      return update.executeUpdate() == 1;
    }
  }

  @Override
  public void release(String name, int segment, String holder, long token) {
    try {
      dsl.connection(connection -> {
        try (PreparedStatement update = connection.prepareStatement(release)) {
          update.setString(1, name);
          update.setInt(2, segment);
          update.setString(3, holder);
          update.setLong(4, token);
          update.executeUpdate();
        }
      });
    } catch (DataAccessException e) {
      throw failed("release", name, segment, e);
    }
  }

  @Override
  public List<Row> rows(String namePrefix) {
    try {
      return dsl.connectionResult(connection -> {
        List<Row> found = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(rows)) {
          select.setString(
              1, namePrefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
          try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
              found.add(new Row(
                  row.getString(1),
                  row.getInt(2),
                  row.getString(3),
                  row.getLong(4),
                  row.getInt(5) == 1));
            }
          }
        }
        return found;
      });
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the leases " + namePrefix + "* in " + table + " at "
              + database.describe(),
          e);
    }
  }

  private PersistenceError failed(String what, String name, int segment, RuntimeException e) {
    return new PersistenceError(
        "could not " + what + " the lease " + name + "/" + segment + " in " + table + " at "
            + database.describe(),
        e);
  }

  /**
   * Whether a claim gave up waiting for a row lock: PostgreSQL's cancelled statement (57014),
   * MariaDB's lock wait timeout (1205) or interrupted query (70100), H2's lock timeout (HYT00).
   */
  private static boolean isLockTimeout(DataAccessException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof java.sql.SQLTimeoutException) {
        return true;
      }
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("57014".equals(state)
            || "HYT00".equals(state)
            || "70100".equals(state)
            || sql.getErrorCode() == 1205) {
          return true;
        }
      }
    }
    return false;
  }
}
