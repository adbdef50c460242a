package dev.recount.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writer threads that each rotate, save by save, through several kinds of save (with and without
 * instrumentation; the application's pool, the user's, the user's transaction), which goes first
 * moving on each time: whatever else a shared machine does in a round slows every kind alike, so
 * the round-by-round ratios between kinds are what a benchmark reports (their medians).
 */
final class RotatingWriters {
  /** One save of a kind by a writer, measured in the writer's thread (see {@link Sample#of}). */
  @FunctionalInterface
  interface Save {
    Sample run(int writer, int kind);
  }

  /**
   * Whether a measured round of several writers runs in {@link #phases} rather than rotating save
   * by save ({@code -Dbench.phased=false} rotates, as the runs before 2026-12-06 21:10 UTC did):
   * where the kinds share something that batches saves (the database's lock of the log's order, a
   * group commit, a write of an H2 file), a rotation measures how one kind's saves fall into
   * another's batches rather than what each kind costs. One writer always rotates: nothing batches
   * there, and pairing save with save cancels more noise.
   */
  static final boolean PHASED = !System.getProperty("bench.phased", "true").equals("false");

  private final int writers;
  private final int kinds;
  private final long roundNanos;
  private final Save save;

  RotatingWriters(int writers, int kinds, long roundNanos, Save save) {
    this.writers = writers;
    this.kinds = kinds;
    this.roundNanos = roundNanos;
    this.save = save;
  }

  /**
   * One round: for each kind, the events saved and the wall time, allocation and CPU time of its
   * saves, summed over the writers (so events/s is per writer).
   */
  Sample[] round() throws InterruptedException {
    return round(-1);
  }

  /** Measured round {@code round}: in {@link #phases} if {@link #PHASED} and several write. */
  Sample[] measured(int round) throws InterruptedException {
    return PHASED && writers > 1 ? phases(round) : round();
  }

  /**
   * One round in phases: all writers save kind after kind, each for its share of the round, the
   * kind that goes first moving on with {@code round}. What a save-by-save rotation cannot show
   * when the kinds share something that batches saves (a lock, a group commit, a file write): there
   * the kinds' saves fall into each other's batches, and one kind's small extra work can shift
   * which batch its saves meet. The whole system's throughput of each kind alone is what this
   * measures.
   */
  Sample[] phases(int round) throws InterruptedException {
    Sample[] samples = new Sample[kinds];
    for (int step = 0; step < kinds; step++) {
      int kind = (round + step) % kinds;
      samples[kind] = round(kind)[kind];
    }
    return samples;
  }

  /** A round of every kind in rotation ({@code only} < 0), or of kind {@code only} alone. */
  private Sample[] round(int only) throws InterruptedException {
    long nanos = only < 0 ? roundNanos : roundNanos / kinds;
    long[][] totals = new long[writers][kinds * 4];
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      int writer = i;
      Thread thread = new Thread(
          () -> {
            try {
              go.await();
              long deadline = System.nanoTime() + nanos;
              for (int n = 0; System.nanoTime() < deadline; n++) {
                for (int step = 0; step < (only < 0 ? kinds : 1); step++) {
                  int kind = only < 0 ? (n + step) % kinds : only;
                  Sample sample = save.run(writer, kind);
                  long[] sums = totals[writer];
                  sums[kind * 4] += sample.events();
                  sums[kind * 4 + 1] += sample.nanos();
                  sums[kind * 4 + 2] += sample.allocatedBytes();
                  sums[kind * 4 + 3] += sample.cpuNanos();
                }
              }
            } catch (Throwable e) {
              failure.set(e);
            }
          },
          "writer-" + i);
      threads.add(thread);
      thread.start();
    }
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("a writer failed", failure.get());
    }
    Sample[] samples = new Sample[kinds];
    for (int k = 0; k < kinds; k++) {
      long[] sum = new long[4];
      for (long[] writer : totals) {
        for (int j = 0; j < 4; j++) {
          sum[j] += writer[k * 4 + j];
        }
      }
      samples[k] = new Sample(sum[0], sum[1], sum[2], sum[3]);
    }
    return samples;
  }

  /** The machine's 1-minute load average (Linux), to print beside each figure; "?" elsewhere. */
  static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
          .split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
