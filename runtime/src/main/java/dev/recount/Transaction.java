package dev.recount;

import dev.recount.internal.JoinedSaves;
import dev.recount.log.Notification;
import dev.recount.observe.Observability;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Saves that commit or roll back with the caller's own SQL: the aggregates' events are written on
 * the caller's connection, in its transaction, and this object ends it.
 *
 * <pre>{@code
 * try (Connection connection = dataSource.getConnection();
 *     Transaction transaction = app.transaction(connection)) {
 *   try (PreparedStatement insert = connection.prepareStatement("INSERT INTO orders ...")) {
 *     insert.executeUpdate();
 *   }
 *   transaction.save(cart);
 *   transaction.commit(); // both, or (on any exception before this) neither
 * }
 * }</pre>
 *
 * <p>The aggregates keep their pending events until {@link #commit} succeeds, so after a rollback
 * they can be saved again. Subscribers hear of the events after the commit, never after a rollback.
 * A {@link ConcurrencyError} or {@link PersistenceError} from {@link #save} leaves the transaction
 * to be rolled back: {@link #commit} then refuses, and {@link #close} rolls it back.
 *
 * <p>A transaction manager (Spring's, through the starter) makes a managed one instead, with
 * {@link Application#managedTransaction}: it commits or rolls back the connection itself and then
 * calls {@link #afterCompletion}; {@link #commit} and {@link #rollback} are then refused.
 *
 * <p>On H2 and MariaDB the first save takes the writers' lock, which other saves of the application
 * wait for until this transaction ends: keep it short. On PostgreSQL saves do not wait for each
 * other, but followers of the log see no event stored after this one's until it ends. Not for use
 * by several threads at once.
 */
public final class Transaction implements AutoCloseable {
  private enum State {
    OPEN,
    FAILED,
    COMMITTED,
    ROLLED_BACK
  }

  private final Connection connection;
  private final JoinedSaves saves;
  private final Consumer<List<Notification>> afterCommit;
  private final boolean managed;
  private final Observability observability;
  private final boolean restoreAutoCommit;
  private State state = State.OPEN;

  Transaction(
      Connection connection,
      JoinedSaves saves,
      Consumer<List<Notification>> afterCommit,
      boolean managed,
      Observability observability) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.saves = saves;
    this.afterCommit = afterCommit;
    this.managed = managed;
    this.observability = observability;
    if (managed) {
      this.restoreAutoCommit = false;
      return;
    }
    try {
      this.restoreAutoCommit = connection.getAutoCommit();
      if (restoreAutoCommit) {
        connection.setAutoCommit(false);
      }
    } catch (SQLException e) {
      throw new PersistenceError("cannot begin a transaction on the given connection", e);
    }
  }

  /**
   * Writes the aggregates' pending events (those not yet written in this transaction) on the
   * connection, without committing.
   *
   * @return the written events as notifications, with their ids (visible to followers once the
   *     transaction commits)
   * @throws ConcurrencyError if an aggregate is stale; roll the transaction back
   * @throws PersistenceError if the database refused; roll the transaction back
   * @throws IllegalStateException if the transaction has ended or a save in it failed
   */
  public List<Notification> save(AggregateRoot... aggregates) {
    return save(Arrays.asList(aggregates));
  }

  /** As {@link #save(AggregateRoot...)}. */
  @SuppressWarnings("try") // the scope is only opened and closed
  public List<Notification> save(List<? extends AggregateRoot> aggregates) {
    for (AggregateRoot aggregate : aggregates) {
      Objects.requireNonNull(aggregate, "aggregate");
    }
    requireOpen("save in it");
    // Observed as a save of its own: written in the caller's transaction, not yet committed.
    Observability.Span span = observability.save(aggregates);
    try (Metadata.Scope trace = Metadata.defaults(span.trace())) {
      List<Notification> saved = saves.save(aggregates);
      span.succeeded(saved.size());
      return saved;
    } catch (RuntimeException e) {
      span.failed(e);
      state = State.FAILED;
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * Commits the connection's transaction; then the saved aggregates have no pending events (but
   * those triggered after their last save) and subscribers hear of the events.
   *
   * @throws IllegalStateException if the transaction has ended or a save in it failed
   * @throws PersistenceError if the commit failed; whether it committed is then unknown only if the
   *     connection broke while committing
   */
  public void commit() {
    requireUnmanaged("commit");
    requireOpen("commit it");
    try {
      if (restoreAutoCommit) {
        // JDBC commits when auto-commit is turned back on: on MariaDB one statement, not two.
        connection.setAutoCommit(true);
      } else {
        connection.commit();
      }
    } catch (SQLException e) {
      state = State.FAILED;
      throw new PersistenceError("could not commit the transaction", e);
    }
    state = State.COMMITTED;
    delivered();
  }

  /**
   * For a transaction manager, after it ended a managed transaction: if it committed, the saved
   * aggregates lose their pending events (but those triggered after their last save) and
   * subscribers hear of the events; if it rolled back, nothing changes and they keep them.
   *
   * @throws IllegalStateException for a transaction that is not managed, or already completed
   */
  public void afterCompletion(boolean committed) {
    if (!managed) {
      throw new IllegalStateException(
          "afterCompletion is for managed transactions; commit this one with commit()");
    }
    if (state == State.COMMITTED || state == State.ROLLED_BACK) {
      throw new IllegalStateException("the transaction has already completed");
    }
    state = committed ? State.COMMITTED : State.ROLLED_BACK;
    if (committed) {
      delivered();
    }
  }

  private void delivered() {
    List<Notification> saved = saves.committed();
    if (!saved.isEmpty()) {
      afterCommit.accept(saved);
    }
  }

  private void requireUnmanaged(String what) {
    if (managed) {
      throw new IllegalStateException(
          "cannot " + what + " a managed transaction: its transaction manager does");
    }
  }

  /** Rolls the transaction back, unless it committed; the aggregates keep their pending events. */
  public void rollback() {
    requireUnmanaged("roll back");
    if (state == State.COMMITTED || state == State.ROLLED_BACK) {
      return;
    }
    state = State.ROLLED_BACK;
    try {
      connection.rollback();
    } catch (SQLException e) {
      throw new PersistenceError("could not roll the transaction back", e);
    } finally {
      restoreAutoCommit();
    }
  }

  /** Rolls back what has not been committed; nothing, for a managed transaction. */
  @Override
  public void close() {
    if (!managed) {
      rollback();
    }
  }

  private void requireOpen(String what) {
    switch (state) {
      case OPEN:
        return;
      case FAILED:
        throw new IllegalStateException(
            "cannot " + what + ": a save in this transaction failed, so it must be rolled back");
      default:
        throw new IllegalStateException("cannot " + what + ": the transaction has "
            + (state == State.COMMITTED ? "committed" : "been rolled back"));
    }
  }

  private void restoreAutoCommit() {
    if (restoreAutoCommit) {
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        // A broken connection: its pool evicts it.
      }
    }
  }
}
