package dev.recount.process;

import dev.recount.RecountException;

/**
 * A policy failed on an upstream notification; nothing of its work was written, and the
 * notification will be offered again on the next pull.
 */
public final class ProcessingError extends RecountException {
  private static final long serialVersionUID = 1L;

  private final String application;
  private final String upstream;
  private final long notificationId;

  ProcessingError(String application, String upstream, long notificationId, Throwable cause) {
    super(
        application + " failed to process notification " + notificationId + " of " + upstream + ": "
            + cause,
        cause);
    this.application = application;
    this.upstream = upstream;
    this.notificationId = notificationId;
  }

  /** The application whose policy failed. */
  public String application() {
    return application;
  }

  /** The upstream application the notification came from. */
  public String upstream() {
    return upstream;
  }

  /** The id of the notification in the upstream log. */
  public long notificationId() {
    return notificationId;
  }
}
