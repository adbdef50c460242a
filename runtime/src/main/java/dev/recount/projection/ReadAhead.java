package dev.recount.projection;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The next batch of a catch-up, read and decoded in another thread while the current one is
 * applied: reading a batch (a query of the log and the decoding of its events) took a fifth to a
 * quarter of a runner's time on H2, in the same thread as the handlers. The threads are daemons and
 * end after a few idle seconds, so a runner needs no closing for them.
 */
final class ReadAhead {
  private static final Executor READERS = new ThreadPoolExecutor(
      0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), task -> {
        Thread thread = new Thread(task, "recount-projection-read-ahead");
        thread.setDaemon(true);
        return thread;
      });

  private final long from;
  private final CompletableFuture<SegmentWorker.Batch> batch;

  private ReadAhead(long from, CompletableFuture<SegmentWorker.Batch> batch) {
    this.from = from;
    this.batch = batch;
  }

  /** Starts reading the batch after {@code from}. */
  static ReadAhead start(Supplier<SegmentWorker.Batch> read, long from) {
    return new ReadAhead(from, CompletableFuture.supplyAsync(read, READERS));
  }

  /** The position the batch was read after. */
  long from() {
    return from;
  }

  /** Waits for the batch; a read that failed throws here, as it would have in the caller. */
  SegmentWorker.Batch join() {
    try {
      return batch.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException cause) {
        throw cause;
      }
      if (e.getCause() instanceof Error cause) {
        throw cause;
      }
      throw e;
    }
  }
}
