package dev.recount;

import java.util.UUID;

/** No aggregate with that id is stored, or it was discarded. */
public final class AggregateNotFound extends RecountException {
  private static final long serialVersionUID = 1L;

  private final UUID aggregateId;

  public AggregateNotFound(UUID aggregateId, String detail) {
    super("aggregate " + aggregateId + " not found" + (detail.isEmpty() ? "" : ": " + detail));
    this.aggregateId = aggregateId;
  }

  /** The id that was looked up. */
  public UUID aggregateId() {
    return aggregateId;
  }
}
