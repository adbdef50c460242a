package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Saves in the caller's transaction, on the MariaDB server. */
class MariaDbCallerTransactionTest extends CallerTransactionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }

  @Override
  boolean shareASlot(Connection one, Connection other) throws SQLException {
    return slot(one) == slot(other);
  }

  private static long slot(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT CONNECTION_ID() % 64")) {
      row.next();
      return row.getLong(1);
    }
  }
}
