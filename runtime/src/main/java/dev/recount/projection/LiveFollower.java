package dev.recount.projection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The thread that keeps a projection live: it catches up when it starts, then again whenever it is
 * prompted (after waiting {@code linger} for more to arrive, so that many notifications share a
 * batch) and at least once per poll interval, in case a prompt was missed. After a failure it waits
 * a whole poll interval before it tries again, prompts or not.
 */
final class LiveFollower {
  private final Runnable catchUp;
  private final Consumer<RuntimeException> onFailure;
  private final long pollNanos;
  private final long lingerNanos;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean prompted;
  private volatile boolean running = true;

  LiveFollower(
      String name,
      Duration pollInterval,
      Duration linger,
      Runnable catchUp,
      Consumer<RuntimeException> onFailure) {
    this.catchUp = catchUp;
    this.onFailure = onFailure;
    this.pollNanos = pollInterval.toNanos();
    this.lingerNanos = linger.toNanos();
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  boolean running() {
    return running;
  }

  /** Tells the thread that something was recorded. Quick; never blocks for long. */
  void prompt() {
    lock.lock();
    try {
      prompted = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread after its current batch and waits up to {@code timeout} for it. */
  void stop(Duration timeout) {
    running = false;
    lock.lock();
    try {
      wake.signal();
    } finally {
      lock.unlock();
    }
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    while (running) {
      boolean failed = false;
      try {
        catchUp.run();
      } catch (RuntimeException e) {
        failed = true;
        onFailure.accept(e);
      }
      if (await(System.nanoTime() + pollNanos, failed) && lingerNanos > 0) {
        await(System.nanoTime() + lingerNanos, true);
      }
    }
  }

  /**
   * Waits until {@code until}, or until prompted unless {@code ignorePrompts}; returns whether it
   * was prompted.
   */
  private boolean await(long until, boolean ignorePrompts) {
    lock.lock();
    try {
      while (running && (ignorePrompts || !prompted)) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wake.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(60)));
      }
      boolean was = prompted;
      prompted = false;
      return was;
    } catch (InterruptedException e) {
      running = false;
      return false;
    } finally {
      lock.unlock();
    }
  }
}
