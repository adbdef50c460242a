package dev.recount.process;

/** The life of a runner: new, running, stopped; each runner runs once. */
final class RunState {
  private enum State {
    NEW,
    RUNNING,
    STOPPED
  }

  private volatile State state = State.NEW;

  /** Moves from new to running. */
  synchronized void start() {
    switch (state) {
      case RUNNING:
        throw new IllegalStateException("the runner is already running: start it once");
      case STOPPED:
        throw new IllegalStateException(
            "the runner was stopped: a runner runs once, so make a" + " new one");
      default:
        state = State.RUNNING;
    }
  }

  /** Moves to stopped; returns whether it was running (so there is something to stop). */
  synchronized boolean stop() {
    boolean wasRunning = state == State.RUNNING;
    state = State.STOPPED;
    return wasRunning;
  }

  /** Marks a start that failed: stopped. */
  synchronized void stopped() {
    state = State.STOPPED;
  }

  void checkRunning() {
    if (state != State.RUNNING) {
      throw new IllegalStateException(
          state == State.NEW
              ? "the runner is not started: call start() first"
              : "the runner was stopped");
    }
  }

  boolean isRunning() {
    return state == State.RUNNING;
  }
}
