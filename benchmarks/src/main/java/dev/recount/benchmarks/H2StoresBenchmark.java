package dev.recount.benchmarks;

import dev.recount.Application;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
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
 * file database ran before). One-event saves onto existing accounts; each writer thread rotates,
 * save by save, through the two, so a shared machine's load falls on both alike; the ratio is the
 * median of round-by-round ratios, by wall time (the background writer's CPU is not the writers',
 * so the CPU ratio flatters the write delay).
 */
public final class H2StoresBenchmark {
  private H2StoresBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("rounds", 15);
    System.out.println("## H2 file: crash-safe default vs H2's background writer");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%d cores, Java %s, H2 %s; one-event saves; each writer rotates save by save through"
            + " both; rounds of 1 s, 3 warm-up rounds, then the median of %d; load average at the"
            + " start %.1f.%n%n",
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
      Account[][] accounts = new Account[writers][repositories.length];
      for (int i = 0; i < writers; i++) {
        for (int k = 0; k < repositories.length; k++) {
          accounts[i][k] = Account.open(UUID.randomUUID(), "writer-" + i);
          repositories[k].save(accounts[i][k]);
        }
      }
      RotatingWriters rotation =
          new RotatingWriters(writers, repositories.length, 1_000_000_000L, (writer, kind) -> {
            Account account = accounts[writer][kind];
            account.deposit(1, "r" + account.version());
            return Sample.of(1, () -> repositories[kind].save(account));
          });
      for (int round = 0; round < 3; round++) {
        rotation.round();
      }
      double[][] rate = new double[2][rounds];
      double[] ratio = new double[rounds];
      double[] cpuRatio = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        Sample[] samples = rotation.round();
        for (int k = 0; k < 2; k++) {
          rate[k][round] = samples[k].eventsPerSecond() * writers;
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
}
