package dev.recount.benchmarks;

import java.time.Instant;
import java.util.Arrays;

/**
 * A thread tailing a notification log while writers commit, recording each event's lag: the time
 * from its trigger (its stored timestamp) to the moment the follower had decoded it.
 */
final class Follower {
  /** How long a follower may take to catch up once the writers are done. */
  private static final long CATCH_UP_NANOS = 10_000_000_000L;

  private final Contender.LogReader reader;
  private final Thread thread;
  private long[] lags = new long[4096];
  private int count;
  private volatile long expected = Long.MAX_VALUE;
  private volatile long writersDoneAt;
  private volatile Throwable failure;

  Follower(Contender.LogReader reader) {
    this.reader = reader;
    this.thread = new Thread(this::follow, "follower");
  }

  void start() {
    thread.start();
  }

  private void follow() {
    try {
      while (count < expected) {
        int page = reader.next(timestamp -> record(nowMicros() - timestamp));
        if (page == 0) {
          if (expected != Long.MAX_VALUE && System.nanoTime() - writersDoneAt > CATCH_UP_NANOS) {
            return; // it skipped events it will never see
          }
          Thread.sleep(1);
        }
      }
    } catch (Throwable e) {
      failure = e;
    }
  }

  private void record(long lagMicros) {
    if (count == lags.length) {
      lags = Arrays.copyOf(lags, count * 2);
    }
    lags[count++] = lagMicros;
  }

  private static long nowMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
  }

  /** Tells the follower how many events were written, and waits for it to see them. */
  Result finish(long written) {
    writersDoneAt = System.nanoTime();
    expected = written;
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (failure != null) {
      throw new IllegalStateException("the follower failed", failure);
    }
    long[] sorted = Arrays.copyOf(lags, count);
    Arrays.sort(sorted);
    return new Result(written, count, sorted);
  }

  /**
   * What the follower saw.
   *
   * @param written events the writers committed
   * @param seen events the follower read
   * @param lagsMicros each event's lag, sorted
   */
  record Result(long written, long seen, long[] lagsMicros) {
    static Result merge(java.util.List<Result> results) {
      long written = 0;
      long seen = 0;
      long[] all = new long[0];
      for (Result result : results) {
        written += result.written;
        seen += result.seen;
        long[] merged = Arrays.copyOf(all, all.length + result.lagsMicros.length);
        System.arraycopy(result.lagsMicros, 0, merged, all.length, result.lagsMicros.length);
        all = merged;
      }
      Arrays.sort(all);
      return new Result(written, seen, all);
    }

    double percentileMillis(double p) {
      if (lagsMicros.length == 0) {
        return Double.NaN;
      }
      int index = (int) Math.min(lagsMicros.length - 1, Math.ceil(p * lagsMicros.length) - 1);
      return lagsMicros[Math.max(0, index)] / 1000.0;
    }
  }
}
