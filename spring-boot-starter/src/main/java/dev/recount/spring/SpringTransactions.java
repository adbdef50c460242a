package dev.recount.spring;

import dev.recount.Application;
import dev.recount.Transaction;
import dev.recount.TransactionJoiner;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.NoTransactionException;
import org.springframework.transaction.interceptor.TransactionAspectSupport;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Saves join the transaction Spring has open on the calling thread ({@code @Transactional},
 * {@code TransactionTemplate}), on the connection Spring's transaction manager bound for the data
 * source: the caller's SQL and the saves commit or roll back together. The first save in a
 * transaction makes a managed {@link Transaction}, kept as a resource of the transaction; after
 * completion it is told whether the transaction committed, so subscribers hear of commits only.
 */
final class SpringTransactions implements TransactionJoiner {
  private final DataSource dataSource;

  SpringTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public Transaction current(Application application) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || !TransactionSynchronizationManager.isSynchronizationActive()) {
      return null;
    }
    if (rollbackOnly()) {
      // Whatever is written now is rolled back with the rest: say so at the save, not with an
      // UnexpectedRollbackException at the end, after the caller believed it saved.
      throw new IllegalStateException("cannot save in a transaction that will roll back: it is"
          + " marked rollback-only (a @Transactional method in it failed, or setRollbackOnly()"
          + " was called); nothing would be stored");
    }
    Key key = new Key(application);
    Transaction open = (Transaction) TransactionSynchronizationManager.getResource(key);
    if (open != null) {
      return open;
    }
    if (TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
      throw new IllegalStateException(
          "cannot save in a read-only transaction (@Transactional(readOnly = true))");
    }
    // The transaction's own connection, which DataSourceTransactionManager bound to the thread.
    var connection = DataSourceUtils.getConnection(dataSource);
    Transaction joined = application.managedTransaction(connection);
    TransactionSynchronizationManager.bindResource(key, joined);
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        TransactionSynchronizationManager.unbindResourceIfPossible(key);
        DataSourceUtils.releaseConnection(connection, dataSource);
        joined.afterCompletion(status == STATUS_COMMITTED);
      }
    });
    return joined;
  }

  /**
   * Whether the transaction can only roll back: marked so on its connection (a participating
   * {@code @Transactional} method failed), or on the innermost {@code @Transactional} method's
   * status ({@code TransactionAspectSupport.currentTransactionStatus().setRollbackOnly()}).
   */
  private boolean rollbackOnly() {
    if (TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder
        && holder.isRollbackOnly()) {
      return true;
    }
    try {
      return TransactionAspectSupport.currentTransactionStatus().isRollbackOnly();
    } catch (NoTransactionException notByAnnotation) {
      return false; // a TransactionTemplate's: its own flag is out of reach
    }
  }

  /** The resource key of one application's managed transaction. */
  private record Key(Application application) {}
}
