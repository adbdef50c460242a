package dev.recount.projection;

import dev.recount.internal.LeaseTable;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The lease on rebuilding one leased projection, {@code <projection>:rebuild} in
 * {@code <prefix>leases}: only the instance holding it rebuilds, and every batch of the rebuild and
 * its switch-over are fenced by it, so that a rebuilder that paused past the lease (and whose
 * unfinished generation another instance's rebuild has dropped since) writes nothing more. Each
 * fenced batch also extends it, so a rebuild that keeps applying keeps its lease.
 */
final class RebuildLease implements Claim {
  private final LeaseTable table;
  private final String name;
  private final String instance;
  private final long durationMillis;
  private final long token;

  private RebuildLease(
      LeaseTable table, String name, String instance, long durationMillis, long token) {
    this.table = table;
    this.name = name;
    this.instance = instance;
    this.durationMillis = durationMillis;
    this.token = token;
  }

  /**
   * Claims the rebuild of {@code projection} for {@code instance}.
   *
   * @throws IllegalStateException if another instance holds it: a rebuild is under way
   */
  static RebuildLease claim(
      LeaseTable table, String projection, String instance, long durationMillis) {
    String name = projection + ":rebuild";
    long token = table.claim(name, 0, instance, durationMillis);
    if (token == 0) {
      throw new IllegalStateException(
          "projection " + projection + " is being rebuilt by another instance");
    }
    return new RebuildLease(table, name, instance, durationMillis, token);
  }

  @Override
  public void check(Connection batch, String projection, int segment) throws SQLException {
    if (!table.fence(batch, name, 0, instance, token, durationMillis)) {
      throw new Lost(projection, segment);
    }
  }

  /**
   * The rebuilder renews its lease only between passes, so a batch holds the lease's row locked
   * from its start: a batch slower than the lease keeps it all the same.
   */
  @Override
  public boolean checkFirst() {
    return true;
  }

  /** Extends it outside a batch (between the rebuild's steps); throws if it was lost. */
  void renew(String projection) {
    if (!table.renew(name, 0, instance, token, durationMillis)) {
      throw new IllegalStateException("the rebuild of projection " + projection
          + " lost its lease (it paused past it; another instance may rebuild now)");
    }
  }

  void release() {
    table.release(name, 0, instance, token);
  }
}
