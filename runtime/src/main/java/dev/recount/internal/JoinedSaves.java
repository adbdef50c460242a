package dev.recount.internal;

import dev.recount.AggregateRoot;
import dev.recount.log.Notification;
import java.util.List;

/**
 * Saves that write on a connection whose transaction the caller commits or rolls back: the
 * aggregates keep their pending events until {@link #committed} says the transaction committed.
 */
public interface JoinedSaves {
  /**
   * Writes the aggregates' events not yet written in this transaction (and the snapshots due) on
   * the caller's connection, without committing.
   *
   * @return the written events as notifications, with their ids
   * @throws dev.recount.ConcurrencyError if an aggregate is stale; the transaction must then be
   *     rolled back
   */
  List<Notification> save(List<? extends AggregateRoot> aggregates);

  /**
   * The caller's transaction committed: marks what was written as saved, keeping events triggered
   * since as pending.
   *
   * @return every event written in the transaction, as notifications, in order
   */
  List<Notification> committed();
}
