package dev.recount.benchmarks;

import dev.recount.Application;
import dev.recount.Metadata;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * What event metadata costs a save: one writer alternating, save by save, between an application
 * whose saves carry none and one whose saves carry a request's metadata (correlation id, principal,
 * trace id, a {@code traceparent} entry), both encrypted and hashed, on tables of their own in one
 * H2 file database, deleted at the end. Run by hand: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.recount.benchmarks.MetadataBenchmark}. The figures are
 * medians of round-by-round ratios; CPU time is the saving thread's, which other processes of a
 * shared machine do not disturb.
 */
public final class MetadataBenchmark {
  private static final int EVENTS_PER_SAVE = 10;
  private static final int SAVES_PER_ROUND = 300;
  private static final int WARMUP_ROUNDS = 5;
  private static final int ROUNDS = 15;

  private static final Metadata REQUEST = Metadata.empty()
      .withCorrelationId(UUID.randomUUID().toString())
      .withPrincipal("alice@example.com")
      .withTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
      .withEntry("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

  private MetadataBenchmark() {}

  @SuppressWarnings("try") // the scope is only opened and closed
  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("recount-metadata-bench");
    String url = "jdbc:h2:file:" + directory.resolve("bench");
    String stem = "metabench_" + UUID.randomUUID().toString().substring(0, 6) + "_";
    String key = Security.SECURE.cipherKey;
    try (Application off = builder(url, stem + "off_").cipherKey(key).build();
        Application on = builder(url, stem + "on_").cipherKey(key).build()) {
      AccountRepository offAccounts = AccountRepository.of(off);
      AccountRepository onAccounts = AccountRepository.of(on);
      double[] throughput = new double[ROUNDS];
      double[] cpu = new double[ROUNDS];
      double[] offCpu = new double[ROUNDS];
      double[] onCpu = new double[ROUNDS];
      for (int round = -WARMUP_ROUNDS; round < ROUNDS; round++) {
        long[] nanos = new long[2];
        long[] cpuNanos = new long[2];
        Account[] accounts = {
          Account.open(UUID.randomUUID(), "off"), Account.open(UUID.randomUUID(), "on")
        };
        offAccounts.save(accounts[0]);
        onAccounts.save(accounts[1]);
        for (int n = 0; n < SAVES_PER_ROUND; n++) {
          for (int i = 0; i < 2; i++) {
            int which = (n + i) % 2; // which goes first alternates
            Account account = accounts[which];
            for (int e = 0; e < EVENTS_PER_SAVE; e++) {
              account.deposit(1, "r" + account.version());
            }
            Sample sample;
            if (which == 0) {
              sample = Sample.of(EVENTS_PER_SAVE, () -> offAccounts.save(account));
            } else {
              try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
                sample = Sample.of(EVENTS_PER_SAVE, () -> onAccounts.save(account));
              }
            }
            nanos[which] += sample.nanos();
            cpuNanos[which] += sample.cpuNanos();
          }
        }
        if (round >= 0) {
          throughput[round] = (double) nanos[0] / nanos[1];
          cpu[round] = (double) cpuNanos[1] / cpuNanos[0];
          offCpu[round] = cpuNanos[0] / 1000.0 / (SAVES_PER_ROUND * EVENTS_PER_SAVE);
          onCpu[round] = cpuNanos[1] / 1000.0 / (SAVES_PER_ROUND * EVENTS_PER_SAVE);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d events/save | without: %.1f CPU µs/event | with: %.1f CPU µs/event |"
              + " with/without CPU %.3f | with/without throughput %.3f |%n",
          "H2 (file)",
          EVENTS_PER_SAVE,
          median(offCpu),
          median(onCpu),
          median(cpu),
          median(throughput));
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  private static Application.Builder builder(String url, String prefix) {
    return Application.builder().dbUri(url).tablePrefix(prefix);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
