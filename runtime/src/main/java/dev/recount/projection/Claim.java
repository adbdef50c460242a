package dev.recount.projection;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The right of one runner to work on one (projection, segment), checked in every batch's
 * transaction ({@link #check}), last before the commit or, if {@link #checkFirst}, right after the
 * position's compare-and-set, so that a runner whose lease was taken over (a fencing token that
 * moved on) commits nothing. Without leases, {@link #NONE} claims nothing: the compare-and-set
 * alone keeps two racing runners from both applying a batch.
 */
interface Claim {
  Claim NONE = (batch, projection, segment) -> {};

  /**
   * Throws {@link Lost} if this runner no longer holds the segment; runs inside the batch
   * transaction, which then rolls back.
   */
  void check(Connection batch, String projection, int segment) throws SQLException;

  /**
   * Whether a batch checks its claim before applying rather than last: the check locks the lease's
   * row until the commit, which keeps a lease that nothing renews during the batch from being
   * claimed by another, but holds up anything else that would renew it meanwhile.
   */
  default boolean checkFirst() {
    return false;
  }

  /** This runner lost the segment: the batch rolled back, and the segment is no longer worked. */
  final class Lost extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Lost(String projection, int segment) {
      super("segment " + segment + " of projection " + projection + " was taken over");
    }
  }
}
