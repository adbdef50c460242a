package dev.recount;

/**
 * Finds the transaction a caller has open, for saves to join: how a container's transaction manager
 * (Spring's {@code @Transactional}, through the starter) makes a repository's save part of the
 * caller's transaction. Given to {@link Application.Builder#transactions}.
 */
@FunctionalInterface
public interface TransactionJoiner {
  /**
   * The transaction open for the calling thread, made with {@link Application#managedTransaction}
   * the first time it is asked in that transaction; or {@code null} if none is open, and the save
   * commits on its own.
   */
  Transaction current(Application application);
}
