package dev.recount.internal;

import java.sql.Connection;
import java.util.List;

/**
 * The table of leases ({@code <prefix>leases}): one row per (name, segment) with its holder, its
 * fencing token and when it expires. Expiry is measured by the database's clock, never a JVM's, so
 * that the clocks of the hosts holding leases do not matter. Every method that changes a row does
 * so with one UPDATE whose WHERE clause is the whole condition, so that two callers racing for a
 * row are put in order by the row's lock and the second sees what the first wrote.
 */
public interface LeaseTable {
  /**
   * One row as read.
   *
   * @param holder {@code null} if nobody holds it (never claimed, or released)
   * @param live whether it has not expired by the database's clock
   */
  record Row(String name, int segment, String holder, long token, boolean live) {}

  /**
   * Claims the lease for {@code holder} if nobody holds it or it has expired, bumping its token.
   *
   * @return the new fencing token; 0 if someone else holds it
   */
  long claim(String name, int segment, String holder, long durationMillis);

  /**
   * Extends the lease, in a transaction of its own, if {@code holder} still holds it with
   * {@code token} and it has not expired.
   *
   * @return whether it did (false: the lease is lost)
   */
  boolean renew(String name, int segment, String holder, long token, long durationMillis);

  /**
   * {@link #renew} on the caller's connection, in the caller's transaction: the statement that
   * makes a write conditional on still holding the lease.
   *
   * @return whether it did (false: the caller must roll back)
   */
  boolean fence(
      Connection connection,
      String name,
      int segment,
      String holder,
      long token,
      long durationMillis)
      throws java.sql.SQLException;

  /** Gives the lease up if {@code holder} holds it with {@code token}: others may claim it now. */
  void release(String name, int segment, String holder, long token);

  /** The rows whose names start with {@code namePrefix}, by name and segment. */
  List<Row> rows(String namePrefix);
}
