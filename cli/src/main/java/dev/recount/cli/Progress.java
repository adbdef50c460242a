package dev.recount.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Tells the operator on stderr how far an audit has got, at most once per interval, so that a large
 * store shows it is being read and a small one prints nothing. Never on stdout: that is where the
 * report goes, {@code --json} included.
 */
final class Progress implements LongConsumer {
  private final PrintWriter err;
  private final String prefix;
  private final long total;
  private final long intervalNanos;
  private long last = System.nanoTime();

  /**
   * @param total the events the store holds, counted before the audit started
   * @param intervalSeconds the least time between two lines; 0 prints one after every aggregate
   */
  Progress(PrintWriter err, String prefix, long total, double intervalSeconds) {
    this.err = err;
    this.prefix = prefix;
    this.total = total;
    this.intervalNanos = (long) (intervalSeconds * 1e9);
  }

  @Override
  public void accept(long events) {
    long now = System.nanoTime();
    if (now - last < intervalNanos) {
      return;
    }
    last = now;
    // Events written after the count make the share pass 100%; say so rather than hide it.
    long percent = total == 0 ? 100 : events * 100 / total;
    err.println(String.format(
        Locale.ROOT, "%s: %,d of %,d events checked (%d%%)", prefix, events, total, percent));
    err.flush();
  }
}
