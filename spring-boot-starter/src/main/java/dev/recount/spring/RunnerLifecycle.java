package dev.recount.spring;

import dev.recount.process.Runner;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the context's {@link Runner} beans (built, not yet started) when the context has been
 * refreshed, and stops them, last started first, when it closes: before the web server stops taking
 * requests is too early, so the phase is just below the web server's graceful shutdown.
 */
final class RunnerLifecycle implements SmartLifecycle {
  private final ObjectProvider<Runner> runners;
  private final List<Runner> started = new ArrayList<>();

  RunnerLifecycle(ObjectProvider<Runner> runners) {
    this.runners = runners;
  }

  @Override
  public synchronized void start() {
    for (Runner runner : runners.orderedStream().toList()) {
      runner.start();
      started.add(runner);
    }
  }

  @Override
  public synchronized void stop() {
    RuntimeException failure = null;
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).stop();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    started.clear();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return !started.isEmpty();
  }

  /** Started after, and stopped before, the web server (whose phase is just below the maximum). */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 2048;
  }
}
