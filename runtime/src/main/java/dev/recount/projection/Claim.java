package dev.recount.projection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The right of one runner to work on one (projection, segment): the seam where scale-out plugs in.
 * A lease is taken before a segment runs ({@link #acquire}), and checked in every batch's
 * transaction ({@link #check}), after the position's compare-and-set, so that a runner whose lease
 * was taken over (a fencing token that moved on) commits nothing. Until leases exist, {@link #NONE}
 * claims nothing: the compare-and-set alone keeps two racing runners from both applying a batch.
 */
interface Claim {
  Claim NONE = new Claim() {
    @Override
    public void acquire(String projection, int segment) {}

    @Override
    public void check(Connection batch, String projection, int segment) {}
  };

  /** Waits until this runner may work on the segment. */
  void acquire(String projection, int segment) throws InterruptedException;

  /**
   * Throws if this runner no longer holds the segment; runs inside the batch transaction, which
   * then rolls back.
   */
  void check(Connection batch, String projection, int segment) throws SQLException;
}
