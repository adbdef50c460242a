package dev.recount.process;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The failures of a running system's applications: the first of each, in declaration order. */
final class Failures {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private final List<String> names;
  private final Map<String, Throwable> failures = new HashMap<>();

  Failures(List<String> names) {
    this.names = names;
  }

  /** Records a failure of {@code name}, unless it already failed (then it is suppressed). */
  synchronized void add(String name, Throwable failure) {
    Throwable first = failures.putIfAbsent(name, failure);
    if (first == null) {
      LOG.error(
          "{} failed; the runner lists it in failures(), and stop() throws it", name, failure);
    } else if (first != failure) {
      LOG.warn("{} failed again (suppressed into its first failure): {}", name, failure.toString());
      first.addSuppressed(failure);
    }
    notifyAll();
  }

  /**
   * The failures so far, once there is at least one, waiting up to {@code timeout}; empty if none
   * came in time.
   */
  synchronized Map<String, Throwable> await(java.time.Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (failures.isEmpty()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return snapshot();
  }

  synchronized boolean has() {
    return !failures.isEmpty();
  }

  synchronized boolean has(String name) {
    return failures.containsKey(name);
  }

  /** The failures so far, in declaration order. */
  synchronized Map<String, Throwable> snapshot() {
    Map<String, Throwable> ordered = new LinkedHashMap<>();
    for (String name : names) {
      Throwable failure = failures.get(name);
      if (failure != null) {
        ordered.put(name, failure);
      }
    }
    return ordered;
  }

  /** Throws a {@link RunnerError} saying {@code what} if anything failed. */
  void throwIfAny(String what) {
    Map<String, Throwable> all = snapshot();
    if (!all.isEmpty()) {
      throw new RunnerError(what, all);
    }
  }
}
