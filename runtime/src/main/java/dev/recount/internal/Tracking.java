package dev.recount.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * That an application has processed one notification of an upstream application: written in the
 * same transaction as what processing it produced, so it happens exactly once.
 *
 * @param application the processing application's name
 * @param upstream the upstream application's name
 * @param notificationId the id of the upstream notification
 * @param segmentUpstream {@code null}, or for a worker of one segment the upstream name qualified
 *     with the segment (such as {@code orders:2/4}): a second row under that name records the
 *     segment's position, while the row under {@code upstream} stays the guard of exactly once
 * @param fence {@code null}, or what must pass in the same transaction, after the tracking rows
 */
public record Tracking(
    String application, String upstream, long notificationId, String segmentUpstream, Fence fence) {
  public Tracking {
    Objects.requireNonNull(application, "application");
    Objects.requireNonNull(upstream, "upstream");
  }

  public Tracking(String application, String upstream, long notificationId) {
    this(application, upstream, notificationId, null, null);
  }

  /** A check run on the save's connection, inside its transaction, before it commits. */
  @FunctionalInterface
  public interface Fence {
    /** @throws FenceRefused if the save must not commit */
    void check(Connection connection) throws SQLException;
  }
}
