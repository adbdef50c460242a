package dev.recount.jooq;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transactions of Recount's own that the database rolled back to break a deadlock, run again.
 *
 * <p>Writers that insert the same keys at once can deadlock: on MariaDB two saves whose duplicate
 * key checks wait on a third that then rolls back, or two group-commit batches that insert the same
 * aggregates in different orders; on PostgreSQL two saves of the same aggregates in different
 * orders. The database then rolls back one transaction whole, so nothing of it was written, and
 * asks for it to be run again. Run again, a save whose version another writer stored fails as a
 * version conflict, as it would have without the deadlock; any other save goes in. A caller's own
 * transaction is the caller's to run again, so saves that join one are not retried here.
 */
final class Deadlocks {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.jooq");

  /** Runs in all: a deadlock breaks with one winner, so each run ends with a writer fewer. */
  static final int ATTEMPTS = 5;

  private Deadlocks() {}

  /**
   * Runs {@code transaction}, again while the database chooses it as a deadlock's victim, up to
   * {@link #ATTEMPTS} runs in all; then, or on any other failure, throws what the last run threw.
   */
  static <T> T retried(Supplier<T> transaction) {
    for (int run = 1; ; run++) {
      try {
        return transaction.get();
      } catch (RuntimeException e) {
        if (run == ATTEMPTS || !victim(e) || !pause(run)) {
          throw e;
        }
        LOG.debug(
            "the database rolled a save back to break a deadlock; running it again, run {} of {}:"
                + " {}",
            run + 1,
            ATTEMPTS,
            reason(e));
      }
    }
  }

  /**
   * Whether the database rolled back the failed transaction to break a deadlock (SQLState 40001,
   * which MariaDB and H2 give for deadlocks and PostgreSQL for serialization failures, or
   * PostgreSQL's 40P01). A commit whose answer was lost is not: it may have been stored.
   */
  static boolean victim(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof Transaction.CommitFailed) {
        return false;
      }
      if (cause instanceof SQLException sql) {
        String state = sql.getSQLState();
        if ("40001".equals(state) || "40P01".equals(state)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The database's own words: the message of the deepest cause. */
  private static String reason(Throwable failure) {
    Throwable deepest = failure;
    while (deepest.getCause() != null) {
      deepest = deepest.getCause();
    }
    return String.valueOf(deepest.getMessage());
  }

  /**
   * A short random pause, longer on each run, so that the writers of a deadlock do not meet again
   * in the same order. False if the thread was interrupted, which keeps its interrupt.
   */
  private static boolean pause(int run) {
    try {
      TimeUnit.MICROSECONDS.sleep(ThreadLocalRandom.current().nextLong(500L * run));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
