package dev.recount;

import java.util.UUID;

/**
 * The notification log failed a check against a signed checkpoint: an event the checkpoint signed
 * is missing, changed or has another notification id, an event it did not sign sits among those it
 * did, or a checkpoint itself was altered or removed. Names the notification id, and the aggregate
 * and version of the event there when there is one.
 */
public final class LogIntegrityError extends DataIntegrityError {
  private static final long serialVersionUID = 1L;

  private final long notificationId;

  /**
   * @param aggregateId the aggregate of the event concerned; {@code null} if no event is
   * @param version its version; 0 if no event is concerned
   */
  public LogIntegrityError(long notificationId, UUID aggregateId, long version, String problem) {
    super(
        "notification id " + notificationId
            + (aggregateId == null
                ? ""
                : " (aggregate " + aggregateId + " version " + version + ")")
            + ": " + problem,
        aggregateId,
        version,
        null);
    this.notificationId = notificationId;
  }

  /** The notification id where the log and the checkpoint part. */
  public long notificationId() {
    return notificationId;
  }
}
