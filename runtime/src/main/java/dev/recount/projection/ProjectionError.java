package dev.recount.projection;

import dev.recount.RecountException;

/**
 * A batch of a projection failed: a handler threw, or its database could not be reached. Nothing of
 * the batch was written, its position included, so the notifications are applied again on the next
 * try.
 */
public final class ProjectionError extends RecountException {
  private static final long serialVersionUID = 1L;

  private final String projection;
  private final int generation;
  private final long notificationId;

  ProjectionError(String projection, int generation, long notificationId, Throwable cause) {
    super(
        "projection " + projection + " (generation " + generation + ") failed at notification "
            + notificationId + ": " + cause,
        cause);
    this.projection = projection;
    this.generation = generation;
    this.notificationId = notificationId;
  }

  /** The projection's name. */
  public String projection() {
    return projection;
  }

  /** The generation of tables the batch wrote to. */
  public int generation() {
    return generation;
  }

  /** The notification being handled when it failed (the batch's first, if none was yet). */
  public long notificationId() {
    return notificationId;
  }
}
