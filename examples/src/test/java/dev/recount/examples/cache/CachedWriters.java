package dev.recount.examples.cache;

import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Threads that each add events to shared worlds by load-change-save through one application, and
 * check what every load returns: never older than what the thread itself saw stored (a version it
 * saved, or the version its lost save ran into). Used by the tests in this JVM, and as the main
 * class of their child JVMs.
 */
final class CachedWriters {
  private CachedWriters() {}

  /** What the writers did. */
  record Outcome(int saves, int conflicts) {}

  /**
   * Runs {@code threads} writers, each adding {@code events} events named {@code name-t-i} to the
   * worlds in turn, retrying after each conflict; waits for {@code start} first.
   *
   * @throws AssertionError if a load returned stale state
   */
  static Outcome run(
      WorldRepository worlds,
      List<UUID> ids,
      String name,
      int threads,
      int events,
      CountDownLatch start)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<int[]>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        String writer = name + "-" + t;
        writers.add(pool.submit(() -> write(worlds, ids, writer, events, start)));
      }
      int saves = 0;
      int conflicts = 0;
      for (Future<int[]> writer : writers) {
        int[] counts = writer.get(120, TimeUnit.SECONDS);
        saves += counts[0];
        conflicts += counts[1];
      }
      return new Outcome(saves, conflicts);
    } finally {
      pool.shutdownNow();
    }
  }

  private static int[] write(
      WorldRepository worlds, List<UUID> ids, String writer, int events, CountDownLatch start)
      throws InterruptedException {
    start.await();
    long[] seen = new long[ids.size()]; // per world: the newest version this thread knows stored
    int conflicts = 0;
    for (int i = 0; i < events; i++) {
      int w = i % ids.size();
      while (true) {
        World world = worlds.get(ids.get(w));
        if (world.version() < seen[w]) {
          throw new AssertionError(writer + " loaded world " + w + " at version " + world.version()
              + " after seeing version " + seen[w] + " stored");
        }
        world.makeItSo(writer + "-" + i);
        try {
          worlds.save(world);
          seen[w] = world.version();
          break;
        } catch (ConcurrencyError lost) {
          conflicts++;
          seen[w] = Math.max(seen[w], lost.version());
        }
      }
    }
    return new int[] {events, conflicts};
  }

  /**
   * A child JVM: an application configured by its environment (with a cache); arguments: name,
   * threads, events per thread, then the world ids. Prints {@code ready}, starts on a line
   * {@code go}, prints {@code done <saves> <conflicts>} or exits with 1 and the failure on stderr.
   */
  public static void main(String[] args) throws Exception {
    String name = args[0];
    int threads = Integer.parseInt(args[1]);
    int events = Integer.parseInt(args[2]);
    List<UUID> ids = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      ids.add(UUID.fromString(args[i]));
    }
    int status = 0;
    try (Application app = Application.fromEnvironment()) {
      WorldRepository worlds = WorldRepository.of(app);
      worlds.get(ids.get(0)); // connected, and the code paths loaded, before the race starts
      System.out.println("ready");
      if (!"go"
          .equals(new java.io.BufferedReader(
                  new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8))
              .readLine())) {
        throw new IllegalStateException("expected 'go'");
      }
      Outcome outcome = run(worlds, ids, name, threads, events, new CountDownLatch(0));
      System.out.println("done " + outcome.saves() + " " + outcome.conflicts());
    } catch (Throwable e) {
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }
}
