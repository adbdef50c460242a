package dev.recount.benchmarks;

import java.lang.management.ManagementFactory;

/**
 * What one timed iteration did: events, wall-clock time, and the bytes allocated and CPU time used
 * by the threads that did the work (HotSpot's per-thread counters: exact, cheap, and blind to other
 * threads and processes, so steady on a shared machine where wall-clock time is not; with embedded
 * H2 they cover the database's work too, with PostgreSQL only the client's).
 */
record Sample(long events, long nanos, long allocatedBytes, long cpuNanos) {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  double eventsPerSecond() {
    return events * 1e9 / nanos;
  }

  double bytesPerEvent() {
    return (double) allocatedBytes / events;
  }

  double cpuMicrosPerEvent() {
    return cpuNanos / 1000.0 / events;
  }

  /** CPU time the current thread has used so far, in nanoseconds. */
  static long cpuOfThisThread() {
    return THREADS.getCurrentThreadCpuTime();
  }

  /** Bytes the current thread has allocated so far. */
  static long allocatedByThisThread() {
    return THREADS.getCurrentThreadAllocatedBytes();
  }

  /** Runs {@code work}, which does {@code events} events, in this thread and measures it. */
  static Sample of(long events, Runnable work) {
    long allocated = allocatedByThisThread();
    long cpu = cpuOfThisThread();
    long start = System.nanoTime();
    work.run();
    long nanos = System.nanoTime() - start;
    return new Sample(events, nanos, allocatedByThisThread() - allocated, cpuOfThisThread() - cpu);
  }
}
