package dev.recount.process;

import dev.recount.internal.LeaseTable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A lease held on one (name, segment) of a {@link Leases} table, with the fencing token its claim
 * got: the token grows at every claim, so a holder that lost its lease (it paused, or lost the
 * network, past the lease's expiry, and another instance claimed it) can no longer pass
 * {@link #fence}. Make every write of the work the lease guards conditional on it: call
 * {@link #fence} inside the write's transaction, and roll back if it says no.
 */
public final class Lease {
  private final LeaseTable table;
  private final String name;
  private final int segment;
  private final String holder;
  private final long token;
  private final long durationMillis;

  Lease(
      LeaseTable table, String name, int segment, String holder, long token, long durationMillis) {
    this.table = table;
    this.name = name;
    this.segment = segment;
    this.holder = holder;
    this.token = token;
    this.durationMillis = durationMillis;
  }

  /** What the lease is for, such as a follower's name. */
  public String name() {
    return name;
  }

  /** Which segment of {@link #name()}, from 0. */
  public int segment() {
    return segment;
  }

  /** Who holds it: the instance that claimed it. */
  public String holder() {
    return holder;
  }

  /** The fencing token its claim got: larger than that of every earlier claim of the lease. */
  public long token() {
    return token;
  }

  /**
   * Extends the lease by its duration from now (the database's now), in a transaction of its own:
   * the heartbeat. Call it well within the duration.
   *
   * @return false if the lease is lost (expired, or claimed by another holder since): stop the work
   *     it guards
   * @throws dev.recount.PersistenceError if the database cannot be reached (the lease may still be
   *     held; try again before it expires)
   */
  public boolean renew() {
    return table.renew(name, segment, holder, token, durationMillis);
  }

  /**
   * Checks, on {@code connection} and in the transaction the caller has open there, that this
   * holder still holds the lease with this token and that it has not expired, and extends it. The
   * statement locks the lease's row until the caller's transaction ends, so no other instance can
   * claim the lease between this check and the commit; and an instance that claimed it before has
   * changed the token, so this check fails. The connection must be to the database of the leases'
   * table.
   *
   * @return false if the lease is lost: roll the caller's transaction back and stop working under
   *     it
   * @throws SQLException as the connection throws it
   */
  public boolean fence(Connection connection) throws SQLException {
    return table.fence(connection, name, segment, holder, token, durationMillis);
  }

  /** Gives the lease up, so that another instance may claim it at once; nothing if it is lost. */
  public void release() {
    table.release(name, segment, holder, token);
  }

  @Override
  public String toString() {
    return name + "/" + segment + " held by " + holder + " with token " + token;
  }
}
