package dev.recount;

import java.util.UUID;

/**
 * Stored data failed a check: a hash that does not match the stored record, a broken hash chain, a
 * missing or reordered event, state that cannot be decrypted or decoded. The aggregate is never
 * replayed past it.
 */
public class DataIntegrityError extends RecountException {
  private static final long serialVersionUID = 1L;

  private final UUID aggregateId;
  private final long version;
  private final String problem;

  public DataIntegrityError(UUID aggregateId, long version, String problem) {
    this(aggregateId, version, problem, null);
  }

  public DataIntegrityError(UUID aggregateId, long version, String problem, Throwable cause) {
    super("aggregate " + aggregateId + " version " + version + ": " + problem, cause);
    this.aggregateId = aggregateId;
    this.version = version;
    this.problem = problem;
  }

  /** For errors whose message names more than an aggregate and version. */
  protected DataIntegrityError(String message, UUID aggregateId, long version, Throwable cause) {
    super(message, cause);
    this.aggregateId = aggregateId;
    this.version = version;
    this.problem = message;
  }

  /** The aggregate whose stored events failed the check. */
  public UUID aggregateId() {
    return aggregateId;
  }

  /** The version of the first event (or snapshot) that failed. */
  public long version() {
    return version;
  }

  /**
   * What was wrong, without the aggregate and version the message starts with; for an error whose
   * message names more (a {@link LogIntegrityError}: the notification id), the whole message.
   */
  public String problem() {
    return problem;
  }
}
