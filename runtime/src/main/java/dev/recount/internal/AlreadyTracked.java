package dev.recount.internal;

/** The tracking record of an insert was already stored: the notification was processed before. */
public final class AlreadyTracked extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AlreadyTracked(Tracking tracking, Throwable cause) {
    super(
        tracking.application() + " already processed notification " + tracking.notificationId()
            + " of " + tracking.upstream(),
        cause);
  }
}
