package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.internal.SubjectKeyTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

/**
 * The table of subjects' data keys ({@code <prefix>subject_keys}), in plain JDBC: a load reads one
 * row by primary key, which rendering through jOOQ would cost more than running. Created (if asked
 * and missing) and checked when an application with SUBJECT_KEYS=true opens, not with the other
 * tables: applications without it need neither the table nor the right to create it.
 */
final class SubjectKeyRows implements SubjectKeyTable {
  private static final String COLUMNS = "subject_id, wrapped_key, created_us, forgotten_us";

  private final Database database;
  private final DSLContext dsl;
  private final DSLContext writes;
  private final Dialect dialect;
  private final PlainStatements plain;
  private final String table;
  private final String ddl;
  private final String selectOne;
  private final String insert;
  private final String forget;

  SubjectKeyRows(Database database, PlainStatements plain, String prefix) {
    this.database = database;
    this.dsl = database.dsl();
    this.writes = database.writes();
    this.dialect = database.dialect();
    this.plain = plain;
    this.table = dialect.quote(prefix + "subject_keys");
    this.ddl = dialect.subjectKeysDdl(prefix);
    this.selectOne =
        "SELECT " + columns() + " FROM " + table + " WHERE " + q("subject_id") + " = ?";
    this.insert = "INSERT INTO " + table + " (" + columns() + ") VALUES (?, ?, ?, ?)";
    this.forget = "UPDATE " + table + " SET " + q("wrapped_key") + " = NULL, " + q("forgotten_us")
        + " = ? WHERE " + q("subject_id") + " = ? AND " + q("forgotten_us") + " IS NULL";
  }

  private String q(String column) {
    return dialect.quote(column);
  }

  private String columns() {
    StringBuilder quoted = new StringBuilder();
    for (String column : COLUMNS.split(", ")) {
      quoted.append(quoted.length() == 0 ? "" : ", ").append(q(column));
    }
    return quoted.toString();
  }

  /**
   * Creates the table if it is missing. A process that loses a race to create it (PostgreSQL and H2
   * can fail the second of two concurrent CREATE ... IF NOT EXISTS) finds it there afterwards.
   */
  void create() {
    if (readable()) {
      return;
    }
    try {
      writes.connection(connection -> {
        try (Statement statement = connection.createStatement()) {
          statement.execute(ddl);
        }
      });
    } catch (DataAccessException e) {
      if (readable()) {
        return; // another process created it at the same moment
      }
      throw new PersistenceError(
          "could not create the missing table " + table + " at " + database.describe()
              + " (SUBJECT_KEYS=true keeps each aggregate's data key there): the user needs "
              + dialect.createPrivilege() + ", or a DBA creates it with the DDL in"
              + " docs/DATABASES.md (Dialect." + dialect.name() + ".subjectKeysDdl)",
          e);
    }
  }

  private boolean readable() {
    try {
      dsl.connection(connection -> {
        try (Statement statement = connection.createStatement()) {
          statement
              .executeQuery("SELECT " + columns() + " FROM " + table + " WHERE 1 = 0")
              .close();
        }
      });
      return true;
    } catch (DataAccessException e) {
      return false;
    }
  }

  /** Checks that the table is there with its columns and that the user may read it. */
  void check() {
    if (!readable()) {
      throw new PersistenceError(
          "the table " + table + " at " + database.describe() + " is missing, lacks columns, or"
              + " may not be read by the user (SUBJECT_KEYS=true keeps each aggregate's data key"
              + " there); create it with the DDL in docs/DATABASES.md (Dialect." + dialect.name()
              + ".subjectKeysDdl), or start with CREATE_TABLES=true");
    }
  }

  @Override
  public Map<UUID, Row> rows(Collection<UUID> subjects) {
    if (subjects.isEmpty()) {
      return Map.of();
    }
    List<UUID> ids = List.copyOf(subjects);
    try {
      return dsl.connectionResult(connection -> select(connection, ids));
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not read the subject keys of "
              + (ids.size() == 1 ? ids.get(0) : ids.size() + " aggregates") + " at "
              + database.describe(),
          e);
    }
  }

  private Map<UUID, Row> select(Connection connection, List<UUID> ids) throws SQLException {
    String sql = selectOne;
    if (ids.size() > 1) {
      StringBuilder in = new StringBuilder(
          "SELECT " + columns() + " FROM " + table + " WHERE " + q("subject_id") + " IN (");
      for (int i = 0; i < ids.size(); i++) {
        in.append(i == 0 ? "?" : ", ?");
      }
      sql = in.append(')').toString();
    }
    Map<UUID, Row> rows = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < ids.size(); i++) {
        plain.setUuid(select, i + 1, ids.get(i));
      }
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          Row row = new Row(
              plain.getUuid(result, 1), result.getBytes(2), result.getLong(3), result.getLong(4));
          rows.put(row.subject(), row);
        }
      }
    }
    return rows;
  }

  @Override
  public Row insertIfAbsent(Row row) {
    try {
      return writes.connectionResult(connection -> {
        if (tryInsert(connection, row)) {
          return row;
        }
        return select(connection, List.of(row.subject())).get(row.subject());
      });
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not store the data key of " + row.subject() + " at " + database.describe(), e);
    }
  }

  /** Inserts; false if the subject has a row already (the primary key refused it). */
  private boolean tryInsert(Connection connection, Row row) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(insert)) {
      plain.setUuid(statement, 1, row.subject());
      if (row.wrappedKey() == null) {
        statement.setNull(2, Types.VARBINARY);
      } else {
        statement.setBytes(2, row.wrappedKey());
      }
      statement.setLong(3, row.createdMicros());
      if (row.forgottenMicros() == 0) {
        statement.setNull(4, Types.BIGINT);
      } else {
        statement.setLong(4, row.forgottenMicros());
      }
      statement.executeUpdate();
      return true;
    } catch (SQLException e) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
        return false; // integrity constraint violation: the primary key
      }
      throw e;
    }
  }

  @Override
  public Row forget(UUID subject, long forgottenMicros) {
    try {
      return writes.connectionResult(connection -> {
        // Forget the stored key; or, if there is none yet, store a forgotten row so that no key is
        // made for the subject later. A key inserted between the two is caught by trying again.
        for (int attempt = 1; attempt <= 3; attempt++) {
          try (PreparedStatement update = connection.prepareStatement(forget)) {
            update.setLong(1, forgottenMicros);
            plain.setUuid(update, 2, subject);
            update.executeUpdate();
          }
          Row row = select(connection, List.of(subject)).get(subject);
          if (row != null && row.forgottenMicros() != 0) {
            return row;
          }
          if (row == null
              && tryInsert(connection, new Row(subject, null, forgottenMicros, forgottenMicros))) {
            return new Row(subject, null, forgottenMicros, forgottenMicros);
          }
        }
        throw new SQLException("the key row of " + subject + " kept changing while forgetting it");
      });
    } catch (DataAccessException e) {
      throw new PersistenceError(
          "could not forget the data key of " + subject + " at " + database.describe(), e);
    }
  }
}
