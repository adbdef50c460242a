package dev.recount.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * What one timed iteration did: events, wall-clock time and bytes allocated by the threads that
 * did the work (HotSpot's per-thread allocation counter: exact, cheap, and blind to other threads).
 */
record Sample(long events, long nanos, long allocatedBytes) {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  double eventsPerSecond() {
    return events * 1e9 / nanos;
  }

  double bytesPerEvent() {
    return (double) allocatedBytes / events;
  }

  /** Bytes the current thread has allocated so far. */
  static long allocatedByThisThread() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Runs {@code work}, which does {@code events} events, in this thread and measures it. */
  static Sample of(long events, Runnable work) {
    long allocated = allocatedByThisThread();
    long start = System.nanoTime();
    work.run();
    long nanos = System.nanoTime() - start;
    return new Sample(events, nanos, allocatedByThisThread() - allocated);
  }
}
