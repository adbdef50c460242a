package dev.recount.http;

import dev.recount.RecountException;

/**
 * A page of a remote notification log that {@link RemoteNotificationLog} refused, because reading
 * it could make a follower skip or repeat events: ids that do not increase, that go back before the
 * position asked for, that leave out an id of a log without gaps, or that lie beyond the log's end;
 * and, for a follower given the leader's verifying key, a page that differs from the log the
 * leader's signed checkpoints cover. Whatever changed the page (a faulty server, a proxy, an
 * intermediary where TLS was not used), the follower's position did not move.
 */
public final class RefusedNotificationPage extends RecountException {
  private static final long serialVersionUID = 1L;

  /** What was wrong with the page. */
  public enum Problem {
    /** An id not above the one before it in the page (repeated or reordered). */
    NOT_INCREASING,
    /** An id below the position the page was asked from. */
    BEFORE_FROM,
    /** An id missing from a log whose ids have no gaps (a dropped notification). */
    MISSING,
    /** An id beyond the log's own max id, or a max id below an id already read. */
    BEYOND_MAX,
    /**
     * The page does not say whether the log's ids may have gaps, or says they may where this
     * follower was told they do not.
     */
    GAP_FREE_MISMATCH,
    /**
     * Within the ids a signed checkpoint covers, the page differs from the log it signed: an event
     * substituted, dropped, inserted or moved to another id ({@link #notificationId}: the first id
     * that differs).
     */
    NOT_AS_SIGNED,
    /**
     * A checkpoint that does not verify with the follower's key, whose events do not chain to the
     * value it signed, that goes back from one already seen, that disagrees with the trusted one,
     * or a page that lacks the checkpoints covering ids a known checkpoint covers.
     */
    BAD_CHECKPOINT
  }

  private final Problem problem;
  private final long notificationId;

  RefusedNotificationPage(Problem problem, long notificationId, String message) {
    super(message);
    this.problem = problem;
    this.notificationId = notificationId;
  }

  /** What was wrong. */
  public Problem problem() {
    return problem;
  }

  /** The id at fault (for {@link Problem#MISSING}, the id that is missing); 0 if none. */
  public long notificationId() {
    return notificationId;
  }
}
