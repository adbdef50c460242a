package dev.recount.jooq;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Combines the saves that threads of one JVM make at the same time, so that one of them (the
 * leader) runs several in one transaction: under the lock table's lock, writers commit one at a
 * time (H2, MariaDB), and on MariaDB handing that lock from commit to commit, each waiting for the
 * disk, is what limits concurrent saves. A batch takes the lock and commits once. (On embedded H2,
 * where a commit is cheap, the limit is the leader's own writing and the others' waiting:
 * docs/BENCHMARKS.md; on a crash-safe H2 file each commit writes the file, and a batch shares that
 * write.)
 *
 * <p>No thread of its own: a caller queues its save, and whichever caller holds the leader lock
 * drains the queue into a batch, runs it, and completes every save in it. The others wait for their
 * own save. A lone caller finds the lock free and runs a batch of one at once.
 *
 * <p>Liveness: a leader completes every save it took, whatever happens (see {@link #lead}), and
 * when it lets go of the leader lock it wakes the thread of the oldest waiting save, which then
 * leads, or finds another leader that will wake it in turn. Waits are also timed, so a wake-up lost
 * to a bug here costs milliseconds, not a thread.
 */
final class GroupCommit {
  /** Saves per batch: enough to spread one lock handoff and commit over many writers. */
  static final int MAX_SAVES = 64;
  /** Events per batch, past which the leader stops draining (a save is never split). */
  static final int MAX_EVENTS = 1000;

  private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private final Queue<Save> queue = new ConcurrentLinkedQueue<>();
  private final ReentrantLock leader = new ReentrantLock();
  /** The most saves one batch held: for tests, which check that saves were combined. */
  private volatile int largestBatch;
  /** The saves of the last batch; only leaders read and write it, under the leader lock. */
  private int lastBatch;
  /** Runs a batch and completes each save in it. */
  private final Consumer<List<Save>> execute;
  /** Whether a leader yields its core once before draining the queue, when others are saving. */
  private final boolean yieldFirst;

  /**
   * @param execute runs a batch and completes each save in it
   * @param yieldFirst whether a leader lets runnable writers queue before it drains the queue:
   *     worth it when a batch's time is spent waiting on a database server
   */
  GroupCommit(Consumer<List<Save>> execute, boolean yieldFirst) {
    this.execute = execute;
    this.yieldFirst = yieldFirst;
  }

  /**
   * Runs the save, alone or in a batch, and returns its result or throws its failure.
   *
   * <p>An interrupt while the save is still queued withdraws it (nothing was written) and throws;
   * once a leader has taken it, the caller waits for the outcome, which follows within one
   * transaction, and keeps its interrupt status, so that it never loses track of a save that may
   * have been stored.
   */
  List<StoredEvent> submit(Save save) {
    queue.add(save);
    boolean interrupted = false;
    try {
      while (!save.isDone()) {
        if (leader.tryLock()) {
          try {
            if (!save.isDone()) { // else a leader that just let go ran it
              lead();
            }
          } finally {
            leader.unlock();
          }
          Save next = queue.peek();
          if (next != null) {
            next.wake();
          }
        } else {
          LockSupport.parkNanos(this, RECHECK_NANOS);
          if (Thread.interrupted()) {
            interrupted = true;
            if (queue.remove(save)) {
              throw new PersistenceError(
                  "interrupted while waiting to save; nothing was" + " written",
                  new InterruptedException());
            }
          }
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return save.result();
  }

  int largestBatch() {
    return largestBatch;
  }

  boolean yieldsFirst() {
    return yieldFirst;
  }

  /** Runs one batch of the oldest saves; holds the leader lock. */
  private void lead() {
    if (yieldFirst && lastBatch > 1) {
      // Others are saving too. With more writers than cores, most of them are runnable but not
      // running, and would queue their saves a moment too late for this batch: giving up the
      // core once lets them. Only where a batch has a high fixed cost: the leader then waits on a
      // server (MariaDB, where it measured a few percent more saves per second), or H2 writes its
      // file at the batch's end (a crash-safe H2 file, where it put 4 to 8 saves in each write
      // of the file instead of about 1.3, and doubled to quadrupled the saves per second). With
      // H2 in memory or H2's background writer, the leader's own work is the bottleneck, and
      // yielding it to 8 writers on 2 cores cost a fifth of the throughput (docs/BENCHMARKS.md).
      // A lone caller never waits here.
      Thread.yield();
    }
    List<Save> batch = new ArrayList<>();
    int events = 0;
    while (batch.size() < MAX_SAVES && events < MAX_EVENTS) {
      Save save = queue.poll();
      if (save == null) {
        break;
      }
      batch.add(save);
      events += save.events.size();
    }
    lastBatch = batch.size();
    if (batch.size() > largestBatch) {
      largestBatch = batch.size(); // only leaders write it, one at a time
    }
    Throwable failure = null;
    try {
      execute.accept(batch);
    } catch (RuntimeException | Error e) {
      // A bug, or out of memory: the batch's transaction was rolled back (or never began). Not
      // rethrown: this thread's own save may not be in the batch.
      failure = e;
    }
    for (Save save : batch) {
      if (!save.isDone()) {
        save.fail(new PersistenceError(
            "could not save " + save.events.size() + " event(s); nothing was written",
            failure != null
                ? failure
                : new IllegalStateException("the batch left this save without a result")));
      }
    }
  }
}
