package dev.recount;

import java.time.Instant;
import java.util.UUID;

/**
 * The aggregate was forgotten ({@link Application#forget}): its data key was destroyed, so its
 * events and snapshots can no longer be decrypted, by this application or anyone else. Its records
 * stay stored, and their hashes still verify.
 */
public final class AggregateForgotten extends RecountException {
  private static final long serialVersionUID = 1L;

  private final UUID aggregateId;
  private final Instant forgottenAt;

  public AggregateForgotten(UUID aggregateId, Instant forgottenAt) {
    super("aggregate " + aggregateId + " was forgotten at " + forgottenAt
        + ": its data key was destroyed, so its events and snapshots cannot be decrypted");
    this.aggregateId = aggregateId;
    this.forgottenAt = forgottenAt;
  }

  /** The aggregate that was forgotten. */
  public UUID aggregateId() {
    return aggregateId;
  }

  /** When its key was destroyed. */
  public Instant forgottenAt() {
    return forgottenAt;
  }
}
