package dev.recount.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action in its own thread after it is signalled, once for however many signals arrived
 * while the action last ran: how a save's many notifications become one prompt. The thread starts
 * at the first signal, so an application that never saves has none.
 */
public final class Coalescer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private static final long IDLE_MILLIS = 1_000;
  private final Runnable action;
  private final Runnable onIdle;
  private final Thread thread;
  private boolean signalled;
  private boolean closed;

  private boolean started;

  public Coalescer(String name, Runnable action) {
    this(name, action, () -> {});
  }

  /**
   * As {@link #Coalescer(String, Runnable)}, and runs {@code onIdle} in the same thread once a
   * second has passed without a signal, and when closed: where to let go of a connection that the
   * action keeps while it is busy.
   */
  public Coalescer(String name, Runnable action, Runnable onIdle) {
    this.action = action;
    this.onIdle = onIdle;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Asks for the action to run (again) soon; never blocks for long. */
  public synchronized void signal() {
    if (closed) {
      return;
    }
    if (!started) {
      started = true;
      thread.start();
    }
    signalled = true;
    notifyAll();
  }

  private void run() {
    boolean busy = false;
    long lost = 0; // prompts lost since the last delivered: one warning per outage, not per save
    while (true) {
      boolean idle = false;
      boolean stop;
      synchronized (this) {
        try {
          while (!signalled && !closed && !idle) {
            if (busy) {
              wait(IDLE_MILLIS);
              idle = !signalled && !closed;
            } else {
              wait();
            }
          }
        } catch (InterruptedException e) {
          return;
        }
        stop = closed;
        signalled = false;
      }
      if (idle || stop) {
        // outside the lock: a save that signals meanwhile must not wait for a connection to close
        busy = false;
        onIdle.run();
        if (stop) {
          return;
        }
        continue;
      }
      busy = true;
      try {
        action.run();
        if (lost > 0) {
          LOG.info("prompts from {} are delivered again, after {} lost", thread.getName(), lost);
          lost = 0;
        }
      } catch (RuntimeException e) {
        // a prompt that cannot be delivered is made up for by polling
        if (lost++ == 0) {
          LOG.warn(
              "a prompt from {} was lost ({}); the followers' polling makes up for it, and"
                  + " further losses are logged at DEBUG until one is delivered",
              thread.getName(),
              e.toString());
        } else {
          LOG.debug("a prompt from {} was lost ({})", thread.getName(), e.toString());
        }
      }
    }
  }

  /** Stops the thread; a signal not yet acted on is dropped. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
      if (!started) {
        return;
      }
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
