package dev.recount.benchmarks;

import dev.recount.Application;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * What Recount's crash-safe default on an H2 file database costs a save (docs/DATABASES.md,
 * "Durability"): writes under the file's lock, H2's background writer off ({@code WRITE_DELAY=0}),
 * so that H2 writes its file at the end of each writing transaction, and a {@code CHECKPOINT} after
 * each. Run by hand: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.recount.benchmarks.H2StoresBenchmark}.
 *
 * <p>Two applications, each on an H2 file database of its own in one directory: "crash-safe" opened
 * from a plain {@code jdbc:h2:file:} URL (the default), "write delay" from the same URL with
 * {@code ;WRITE_DELAY=500} (H2's own default, which Recount then leaves as it is: what every H2
 * file database ran before). One-event saves onto existing accounts. Each round gives every writer
 * thread one second on one application, then one on the other (which goes first alternating), so a
 * shared machine's load falls on both alike; the ratio is the median of round-by-round ratios of
 * events per second of wall time (the background writer's CPU is not the writers', so the CPU ratio
 * flatters the write delay). Not a save-by-save rotation ({@link RotatingWriters}): the crash-safe
 * side's group commit completes a batch's saves together, which sent the writers to the other side
 * in step, and made its batches, not its saves, what was measured there.
 */
public final class H2StoresBenchmark {
  private H2StoresBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("rounds", 15);
    System.out.println("## H2 file: crash-safe default vs H2's background writer");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%d cores, Java %s, H2 %s; one-event saves; each round 1 s of all writers on each, 3"
            + " warm-up rounds, then the median of %d; load average at the start %.1f.%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        org.h2.engine.Constants.FULL_VERSION,
        rounds,
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println("| writers | crash-safe events/s | write delay events/s | crash-safe/write"
        + " delay | crash-safe/write delay CPU per event | load average |");
    System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: |");
    for (String writers : System.getProperty("writers", "1,4,8").split(",")) {
      run(Integer.parseInt(writers.trim()), rounds);
    }
  }

  private static void run(int writers, int rounds) throws Exception {
    Path directory = Files.createTempDirectory("recount-h2-stores-bench");
    String base = "jdbc:h2:file:" + directory;
    try (Application safe =
            Application.builder().dbUri(base + "/safe").poolSize(writers + 1).build();
        Application delayed = Application.builder()
            .dbUri(base + "/delayed;WRITE_DELAY=500")
            .poolSize(writers + 1)
            .build()) {
      AccountRepository[] repositories = {AccountRepository.of(safe), AccountRepository.of(delayed)
      };
      for (int round = 0; round < 3; round++) {
        phase(repositories[round % 2], writers);
        phase(repositories[(round + 1) % 2], writers);
      }
      double[][] rate = new double[2][rounds];
      double[] ratio = new double[rounds];
      double[] cpuRatio = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        Sample[] samples = new Sample[2];
        int first = round % 2;
        samples[first] = phase(repositories[first], writers);
        samples[1 - first] = phase(repositories[1 - first], writers);
        for (int k = 0; k < 2; k++) {
          rate[k][round] = samples[k].eventsPerSecond();
        }
        ratio[round] = rate[0][round] / rate[1][round];
        cpuRatio[round] = samples[0].cpuMicrosPerEvent() / samples[1].cpuMicrosPerEvent();
        if (Boolean.getBoolean("verbose")) {
          System.out.printf(
              Locale.ROOT,
              "round %d: %,.0f vs %,.0f events/s, %.3f%n",
              round + 1,
              rate[0][round],
              rate[1][round],
              ratio[round]);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "| %d | %,.0f | %,.0f | %.3f | %.3f | %.1f |%n",
          writers,
          RotatingWriters.median(rate[0]),
          RotatingWriters.median(rate[1]),
          RotatingWriters.median(ratio),
          RotatingWriters.median(cpuRatio),
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(file);
        }
      }
    }
  }

  /**
   * Every writer saves one-event deposits onto an account of its own for a second: the events, the
   * wall time, and the writers' CPU time.
   */
  private static Sample phase(AccountRepository repository, int writers) throws Exception {
    AtomicLong events = new AtomicLong();
    AtomicLong cpu = new AtomicLong();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(writers);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < writers; i++) {
      Account account = Account.open(UUID.randomUUID(), "writer-" + i);
      Thread thread = new Thread(
          () -> {
            try {
              repository.save(account);
              ready.countDown();
              go.await();
              long cpuBefore = Sample.cpuOfThisThread();
              long deadline = System.nanoTime() + 1_000_000_000L;
              long saved = 0;
              while (System.nanoTime() < deadline) {
                account.deposit(1, "r" + account.version());
                repository.save(account);
                saved++;
              }
              events.addAndGet(saved);
              cpu.addAndGet(Sample.cpuOfThisThread() - cpuBefore);
            } catch (Throwable e) {
              failure.set(e);
              ready.countDown();
            }
          },
          "writer-" + i);
      threads.add(thread);
      thread.start();
    }
    ready.await();
    long start = System.nanoTime();
    go.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
    long nanos = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("a writer failed", failure.get());
    }
    return new Sample(events.get(), nanos, 0, cpu.get());
  }
}
