package dev.recount.examples.dcb;

import dev.recount.Application;
import dev.recount.dcb.DcbStore;
import dev.recount.testing.DatabaseServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * An application on its own tables of a real database for each test of the DCB examples, and a race
 * of threads started at once. Subclasses name the database.
 */
public abstract class ExampleDatabase {
  /** How many threads race in the concurrency tests. */
  protected static final int THREADS = 8;

  private DatabaseServer db;
  private String prefix;
  protected Application app;
  protected DcbStore dcb;

  protected abstract DatabaseServer database();

  @BeforeEach
  void open() {
    db = database().requireReachable();
    prefix = DatabaseServer.newPrefix("dcbex");
    app = Application.builder()
        .dbUri(db.url())
        .dbUser(db.user())
        .dbPassword(db.password())
        .tablePrefix(prefix)
        .poolSize(THREADS + 2)
        .build();
    dcb = DcbStore.of(app);
  }

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
    if (db != null) {
      db.drop(prefix);
    }
  }

  /**
   * Runs each task on its own thread, all released at once, and returns what each returned or threw
   * (a {@link Throwable}), in order.
   */
  protected static List<Object> race(List<Callable<?>> tasks) throws InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (Callable<?> task : tasks) {
        futures.add(threads.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<Object> outcomes = new ArrayList<>();
      for (Future<?> future : futures) {
        try {
          outcomes.add(future.get(60, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException e) {
          outcomes.add(e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
          throw new AssertionError("a racing command took more than 60 s", e);
        }
      }
      return outcomes;
    } finally {
      threads.shutdownNow();
    }
  }
}
