package dev.recount.process;

import dev.recount.ConcurrencyError;
import dev.recount.PersistenceError;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that keeps one process application up to date with its leaders: it catches up when it
 * starts, pulls a leader whenever it is prompted that the leader recorded something, and pulls
 * every leader once per poll interval in case a prompt was missed (or a writer outside the runner
 * recorded something).
 *
 * <p>What can go wrong is sorted three ways. A policy that lost an optimistic-concurrency race
 * ({@link ConcurrencyError}) is retried at once, a few times. A database or a leader's log that
 * cannot be reached ({@link PersistenceError}) is retried at the next poll; if it still fails when
 * the thread stops, it is reported then. Anything else (a policy that throws, a corrupt record) is
 * reported at once, and the thread stops processing: the notification stays unprocessed.
 */
final class FollowerThread {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private static final int CONFLICT_RETRIES = 10;

  private final ProcessApplication process;
  private final List<String> leaders;
  private final long pollNanos;
  private final Consumer<Throwable> onFailure;
  private final Thread thread;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Set<String> prompted = new LinkedHashSet<>();
  /**
   * By leader, the largest position a prompt named: the thread pulls that leader again, a few
   * milliseconds apart, until it has processed up to it. A save's event may not be visible yet when
   * its prompt arrives (on PostgreSQL, while a save of a smaller id is still in flight).
   */
  private final Map<String, Long> wanted = new HashMap<>();
  /** The first pause before pulling a leader again for a prompted position; doubles to 100 ms. */
  private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
  private volatile boolean running = true;
  private volatile RuntimeException transientFailure;
  /** The leaders whose last pull failed for want of a database or log; this thread's only. */
  private final Set<String> unreachable = new HashSet<>();

  FollowerThread(ProcessApplication process, Duration pollInterval, Consumer<Throwable> onFailure) {
    this.process = process;
    this.leaders = List.copyOf(process.upstreams());
    this.pollNanos = pollInterval.toNanos();
    this.onFailure = onFailure;
    this.thread = new Thread(this::run, "recount-" + process.name());
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Tells the thread that {@code leader} recorded something. Quick; never blocks for long. */
  void prompt(String leader) {
    prompt(leader, 0);
  }

  /**
   * Tells the thread that {@code leader} recorded the notification {@code position}: it keeps
   * pulling until it has processed it. Quick; never blocks for long.
   */
  void prompt(String leader, long position) {
    lock.lock();
    try {
      if (position > 0) {
        wanted.merge(leader, position, Math::max);
      }
      if (prompted.add(leader)) {
        wake.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Whether a prompt asked for a position of {@code leader} that is not processed yet. */
  private boolean behind(String leader) {
    Long position;
    lock.lock();
    try {
      position = wanted.get(leader);
    } finally {
      lock.unlock();
    }
    if (position == null) {
      return false;
    }
    if (process.hasProcessed(leader, position)) {
      lock.lock();
      try {
        wanted.remove(leader, position);
      } finally {
        lock.unlock();
      }
      return false;
    }
    return true;
  }

  /** Asks the thread to stop after the notification it is processing. */
  void stop() {
    running = false;
    lock.lock();
    try {
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Waits for the thread to end; returns whether it did in time. */
  boolean join(Duration timeout) {
    try {
      thread.join(Math.max(1, timeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  /** The database or log failure of the last attempt, if it failed and was not retried since. */
  RuntimeException transientFailure() {
    return transientFailure;
  }

  private void run() {
    LOG.info("{} follows {} from {}", process.name(), leaders, positions());
    try {
      follow();
    } finally {
      LOG.info("{} stopped at {}", process.name(), positions());
    }
  }

  private void follow() {
    Set<String> due = new LinkedHashSet<>(leaders);
    long nextPoll = System.nanoTime() + pollNanos;
    int conflicts = 0;
    Set<String> retry = new LinkedHashSet<>();
    long retryNanos = RETRY_NANOS;
    while (running) {
      retry.clear();
      for (String leader : due) {
        if (!running) {
          return;
        }
        try {
          process.pull(leader, () -> running);
          if (unreachable.remove(leader)) {
            LOG.info("{} reaches {} again", process.name(), leader);
          }
          transientFailure = null;
          conflicts = 0;
          if (behind(leader)) {
            retry.add(leader);
          }
        } catch (ProcessingError e) {
          if (e.getCause() instanceof ConcurrencyError && ++conflicts <= CONFLICT_RETRIES) {
            LOG.debug(
                "{} lost a concurrency race on notification {} of {}; retry {} of {}",
                process.name(),
                e.notificationId(),
                leader,
                conflicts,
                CONFLICT_RETRIES);
            prompt(leader);
          } else if (e.getCause() instanceof PersistenceError) {
            databaseFailed(leader, e);
          } else {
            fail(e);
            return;
          }
        } catch (PersistenceError e) {
          databaseFailed(leader, e);
        } catch (RuntimeException | Error e) {
          fail(e);
          return;
        }
      }
      if (retry.isEmpty()) {
        retryNanos = RETRY_NANOS;
      } else {
        retryNanos = Math.min(MAX_RETRY_NANOS, retryNanos * 2);
      }
      due = awaitWork(
          retry.isEmpty() ? nextPoll : Math.min(nextPoll, System.nanoTime() + retryNanos));
      if (due == null) {
        if (!retry.isEmpty() && System.nanoTime() - nextPoll < 0) {
          due = new LinkedHashSet<>(retry);
          continue;
        }
        due = new LinkedHashSet<>(leaders);
        nextPoll = System.nanoTime() + pollNanos;
      } else {
        due.addAll(retry);
      }
    }
  }

  /** The prompted leaders, or null when {@code until} has come first (or it is time to stop). */
  private Set<String> awaitWork(long until) {
    lock.lock();
    try {
      while (running && prompted.isEmpty()) {
        long left = until - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        wake.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(60)));
      }
      Set<String> due = new LinkedHashSet<>(prompted);
      prompted.clear();
      return due;
    } catch (InterruptedException e) {
      running = false;
      return Set.of();
    } finally {
      lock.unlock();
    }
  }

  /** A database or log that cannot be reached: logged once until it recovers, retried at polls. */
  private void databaseFailed(String leader, RuntimeException e) {
    if (unreachable.add(leader)) {
      LOG.warn(
          "{} cannot process {} ({}); retrying at each poll, every {} ms",
          process.name(),
          leader,
          e.getMessage(),
          TimeUnit.NANOSECONDS.toMillis(pollNanos));
    } else {
      LOG.debug("{} still cannot process {}: {}", process.name(), leader, e.getMessage());
    }
    transientFailure = e;
  }

  /** The positions in each leader's log, for the log; never fails. */
  private String positions() {
    StringBuilder positions = new StringBuilder();
    for (String leader : leaders) {
      positions.append(positions.length() == 0 ? "" : ", ").append(leader).append(' ');
      try {
        positions.append(process.position(leader));
      } catch (RuntimeException e) {
        positions.append("(unknown: ").append(e.getMessage()).append(')');
      }
    }
    return positions.toString();
  }

  private void fail(Throwable failure) {
    running = false;
    try {
      onFailure.accept(failure);
    } catch (RuntimeException e) {
      // the runner's own reporting failed; nothing more can be done from this thread
    }
  }
}
