package dev.recount.process;

import dev.recount.ConcurrencyError;
import dev.recount.PersistenceError;
import dev.recount.internal.FenceRefused;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread that works one segment of a process application while its instance holds the segment's
 * lease: it pulls every upstream, for the segment only, then waits a poll interval. It ends when
 * asked to, when the fence refuses a save (the lease is lost: another instance claimed it), or when
 * the policy fails.
 */
final class SegmentWorker {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private static final int CONFLICT_RETRIES = 10;
  /** Pauses before pulling again for a prompted position not yet visible: 2 ms, doubling to 100. */
  private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

  private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final ProcessApplication process;
  private final Lease lease;
  private final Segment segment;
  private final long pollNanos;
  private final Consumer<Throwable> onFailure;
  private final Thread thread;
  private final Object wake = new Object();
  private volatile boolean running = true;
  private volatile boolean lost;
  /**
   * By upstream, the largest position a prompt named that a pull has not yet seen visible: the
   * worker pulls that upstream again, soon, until it has (on PostgreSQL a save's ids can become
   * visible a little after its prompt, while a save of smaller ids is still in flight).
   */
  private final Map<String, Long> prompted = new ConcurrentHashMap<>();
  /** Guarded by {@link #wake}: a prompt came since the worker last waited. */
  private boolean promptPending;

  SegmentWorker(
      ProcessApplication process,
      Lease lease,
      int count,
      long pollNanos,
      Consumer<Throwable> onFailure) {
    this.process = process;
    this.lease = lease;
    this.segment = new Segment(lease.segment(), count, connection -> {
      if (!lease.fence(connection)) {
        throw new FenceRefused(lease + " is lost (it expired, and another instance may have"
            + " claimed it): the save was rolled back");
      }
    });
    this.pollNanos = pollNanos;
    this.onFailure = onFailure;
    this.thread =
        new Thread(this::run, "recount-" + process.name() + "-segment-" + lease.segment());
    this.thread.setDaemon(true);
  }

  Lease lease() {
    return lease;
  }

  void start() {
    thread.start();
  }

  /** Whether it has ended: stopped, lost its lease, or failed. */
  boolean ended() {
    return !thread.isAlive();
  }

  /** Whether it ended because its fence refused a save. */
  boolean lost() {
    return lost;
  }

  /** Tells it that {@code upstream} recorded {@code position} (0: something): it pulls at once. */
  void prompt(String upstream, long position) {
    prompted.merge(upstream, position, Math::max);
    synchronized (wake) {
      promptPending = true;
      wake.notifyAll();
    }
  }

  /** Asks it to stop after the notification it is processing. */
  void stop() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** Waits for it to end; returns whether it did in time. */
  boolean join(long millis) {
    try {
      thread.join(Math.max(1, millis));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive();
  }

  private void run() {
    List<String> upstreams = List.copyOf(process.upstreams());
    LOG.info(
        "{} works on segment {} of {} ({})",
        process.name(),
        segment.index(),
        segment.count(),
        lease);
    int conflicts = 0;
    boolean unreachable = false;
    long retryNanos = FIRST_RETRY_NANOS;
    try {
      while (running) {
        boolean unseen = false;
        for (String upstream : upstreams) {
          if (!running) {
            return;
          }
          try {
            Long asked = prompted.get(upstream);
            if (asked != null) {
              // The head first: once it has reached the prompted position, the pull sees it.
              if (process.log(upstream).maxId() >= asked) {
                prompted.remove(upstream, asked);
              } else {
                unseen = true;
              }
            }
            process.pull(upstream, segment, () -> running);
            conflicts = 0;
            unreachable = false;
          } catch (ProcessingError e) {
            if (e.getCause() instanceof ConcurrencyError && ++conflicts <= CONFLICT_RETRIES) {
              continue; // the next round retries it
            }
            if (!(e.getCause() instanceof PersistenceError)) {
              fail(e);
              return;
            }
            unreachable = logUnreachable(unreachable, e);
          } catch (FenceRefused e) {
            lost = true;
            LOG.warn(
                "{} stops working on segment {}: {}",
                process.name(),
                segment.index(),
                e.getMessage());
            return;
          } catch (PersistenceError e) {
            unreachable = logUnreachable(unreachable, e);
          } catch (RuntimeException | Error e) {
            fail(e);
            return;
          }
        }
        if (unseen && conflicts == 0) {
          pause(retryNanos);
          retryNanos = Math.min(retryNanos * 2, MAX_RETRY_NANOS);
        } else if (conflicts == 0) {
          retryNanos = FIRST_RETRY_NANOS;
          pause(pollNanos);
        }
      }
    } finally {
      running = false;
      LOG.info("{} stopped working on segment {}", process.name(), segment.index());
    }
  }

  private boolean logUnreachable(boolean already, RuntimeException e) {
    if (!already) {
      LOG.warn(
          "{} cannot process segment {} ({}); retrying every {} ms",
          process.name(),
          segment.index(),
          e.getMessage(),
          TimeUnit.NANOSECONDS.toMillis(pollNanos));
    }
    return true;
  }

  /** Waits {@code nanos}, or until a prompt comes or it is asked to stop. */
  private void pause(long nanos) {
    long until = System.nanoTime() + nanos;
    synchronized (wake) {
      long left;
      while (running && !promptPending && (left = until - System.nanoTime()) > 0) {
        try {
          TimeUnit.NANOSECONDS.timedWait(wake, left);
        } catch (InterruptedException e) {
          running = false;
        }
      }
      promptPending = false;
    }
  }

  private void fail(Throwable failure) {
    running = false;
    LOG.error("{} failed on segment {}", process.name(), segment.index(), failure);
    onFailure.accept(failure);
  }
}
