package dev.recount.jooq;

import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.internal.Tracking;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * One caller's save in a {@link GroupCommit}: what to write, and, once a leader has run it, what
 * came of it. The caller's thread waits on it; the leader's thread completes it.
 */
final class Save {
  final List<StoredEvent> events;
  /** The events' tags, in their order; empty if none has any. */
  final List<Set<String>> tags;

  final List<StoredSnapshot> snapshots;
  final Tracking tracking;
  private final Thread caller = Thread.currentThread();
  private volatile List<StoredEvent> stored;
  private volatile RuntimeException failure;
  /** Written after the result, so a thread that reads it true sees the result. */
  private volatile boolean done;

  Save(
      List<StoredEvent> events,
      List<Set<String>> tags,
      List<StoredSnapshot> snapshots,
      Tracking tracking) {
    this.events = events;
    this.tags = tags;
    this.snapshots = snapshots;
    this.tracking = tracking;
  }

  boolean isDone() {
    return done;
  }

  void succeed(List<StoredEvent> stored) {
    this.stored = stored;
    complete();
  }

  void fail(RuntimeException failure) {
    this.failure = failure;
    complete();
  }

  private void complete() {
    done = true;
    LockSupport.unpark(caller);
  }

  /** Lets the waiting caller try to lead the next batch. */
  void wake() {
    LockSupport.unpark(caller);
  }

  /** The stored events, numbered, or the failure, thrown in the caller's thread. */
  List<StoredEvent> result() {
    if (failure != null) {
      // Filled in the caller's thread, so that its stack shows where the save was made.
      failure.fillInStackTrace();
      throw failure;
    }
    return stored;
  }
}
