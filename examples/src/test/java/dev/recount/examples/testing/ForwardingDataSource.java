package dev.recount.examples.testing;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A real pool, handed to an application in its place, whose connections a test can withhold (see
 * {@link #beforeBorrow}): an instance cut off from the database or stalled, without dying. What it
 * has borrowed already stays usable. It is no wrapper: the pool behind it cannot be reached.
 */
public abstract class ForwardingDataSource implements DataSource {
  private final DataSource pool;

  protected ForwardingDataSource(DataSource pool) {
    this.pool = pool;
  }

  /** Runs before each connection is borrowed: throws to refuse it, or blocks to stall. */
  protected abstract void beforeBorrow() throws SQLException;

  @Override
  public final Connection getConnection() throws SQLException {
    beforeBorrow();
    return pool.getConnection();
  }

  @Override
  public final Connection getConnection(String user, String password) throws SQLException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public final PrintWriter getLogWriter() throws SQLException {
    return pool.getLogWriter();
  }

  @Override
  public final void setLogWriter(PrintWriter out) throws SQLException {
    pool.setLogWriter(out);
  }

  @Override
  public final void setLoginTimeout(int seconds) throws SQLException {
    pool.setLoginTimeout(seconds);
  }

  @Override
  public final int getLoginTimeout() throws SQLException {
    return pool.getLoginTimeout();
  }

  @Override
  public final Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return pool.getParentLogger();
  }

  @Override
  public final <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public final boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
