package dev.recount;

import java.util.UUID;

/**
 * A save lost a race: another save already stored an event at a version this one tried to write, so
 * the aggregate it saved was stale. Nothing of the failed save was written; load the aggregate
 * again, and retry the command on its current state.
 */
public final class ConcurrencyError extends RecountException {
  private static final long serialVersionUID = 1L;

  private final UUID aggregateId;
  private final long version;

  public ConcurrencyError(UUID aggregateId, long version) {
    super("aggregate " + aggregateId + " already has an event at version " + version
        + ": it was changed by another save since it was loaded; nothing was written");
    this.aggregateId = aggregateId;
    this.version = version;
  }

  /** The aggregate whose stored version moved on. */
  public UUID aggregateId() {
    return aggregateId;
  }

  /** The first version this save tried to write, which was already taken. */
  public long version() {
    return version;
  }
}
