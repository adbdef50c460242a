package dev.recount.process;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action in its own thread after it is signalled, once for however many signals arrived
 * while the action last ran: how a save's many notifications become one prompt.
 */
final class Coalescer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private final Runnable action;
  private final Thread thread;
  private boolean signalled;
  private boolean closed;

  Coalescer(String name, Runnable action) {
    this.action = action;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /** Asks for the action to run (again) soon; never blocks for long. */
  synchronized void signal() {
    signalled = true;
    notifyAll();
  }

  private void run() {
    while (true) {
      synchronized (this) {
        while (!signalled && !closed) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        signalled = false;
      }
      try {
        action.run();
      } catch (RuntimeException e) {
        // a prompt that cannot be delivered is made up for by polling
        LOG.warn(
            "a prompt from {} was lost ({}); the followers' polling makes up for it",
            thread.getName(),
            e.toString());
      }
    }
  }

  /** Stops the thread; a signal not yet acted on is dropped. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      notifyAll();
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
