package dev.recount.jooq;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The frame of every writing transaction, a lone save's or a group-commit batch's: commit, roll
 * back on any failure, and hand the connection back to the pool in auto-commit.
 */
final class Transaction {
  private Transaction() {}

  /** Work of one transaction on a connection of the pool, which runs in auto-commit. */
  interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction and commits it; on any failure rolls it back and rethrows.
   * The connection is back in auto-commit, and at the isolation level it had, afterwards.
   *
   * @param isolation the level the transaction needs, or {@link Connection#TRANSACTION_NONE} to
   *     keep the connection's (saves keep it: see {@link LockedIds})
   */
  static <T> T run(Connection connection, int isolation, Work<T> work) throws SQLException {
    int previous = Connection.TRANSACTION_NONE;
    if (isolation != Connection.TRANSACTION_NONE) {
      previous = connection.getTransactionIsolation();
      if (previous == isolation) {
        previous = Connection.TRANSACTION_NONE;
      } else {
        connection.setTransactionIsolation(isolation);
      }
    }
    try {
      return run(connection, work);
    } finally {
      if (previous != Connection.TRANSACTION_NONE) {
        try {
          connection.setTransactionIsolation(previous);
        } catch (SQLException e) {
          // A broken connection: the pool evicts it.
        }
      }
    }
  }

  private static <T> T run(Connection connection, Work<T> work) throws SQLException {
    connection.setAutoCommit(false);
    try {
      T result = work.run();
      commit(connection);
      return result;
    } catch (SQLException | RuntimeException | Error e) {
      rollbackQuietly(connection, e);
      throw e;
    } finally {
      try {
        if (!connection.getAutoCommit()) {
          connection.setAutoCommit(true);
        }
      } catch (SQLException e) {
        // A broken connection: the pool evicts it.
      }
    }
  }

  /**
   * Commits by turning auto-commit back on, which JDBC defines to commit the transaction: MariaDB's
   * driver then sends one statement where {@code commit()} and {@code setAutoCommit(true)} send
   * two.
   */
  private static void commit(Connection connection) throws SQLException {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      String state = e.getSQLState();
      if (state == null
          || state.startsWith("08")
          || state.startsWith("57P")
          || e instanceof java.sql.SQLNonTransientConnectionException
          || e instanceof java.sql.SQLTransientConnectionException
          || e instanceof java.sql.SQLRecoverableException) {
        throw new CommitFailed(e); // the answer was lost with the connection
      }
      throw e; // the server refused the commit: it rolled back
    }
  }

  private static void rollbackQuietly(Connection connection, Throwable failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The connection is gone, and the server rolls back what it had.
      failure.addSuppressed(e);
    }
  }

  /** The connection broke while committing: whether the server committed is unknown. */
  static final class CommitFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient SQLException cause;

    CommitFailed(SQLException cause) {
      super(cause);
      this.cause = cause;
    }
  }
}
