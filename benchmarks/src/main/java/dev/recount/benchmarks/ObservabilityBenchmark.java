package dev.recount.benchmarks;

import dev.recount.Application;
import dev.recount.observe.Observability;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * What Micrometer instrumentation costs a save: append throughput of the same workload with and
 * without registries, on H2 and PostgreSQL. Run by hand: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.recount.benchmarks.ObservabilityBenchmark
 * [h2|postgres|all]}.
 *
 * <p>Two applications on the same database, each with tables of its own: "off" built without a
 * registry, "on" with an {@link ObservationRegistry} whose handler times every observation into a
 * meter registry (what Spring Boot's auto-configuration sets up) and a {@link MeterRegistry} for
 * Recount's own counters and timers. Each writer thread alternates, save by save, between an
 * account in each (10 deposits per save, no conflicts), so that whatever else a shared machine does
 * slows both alike; events/s is over the time spent in each one's saves. The figures are medians of
 * round-by-round ratios. Last, the instrumentation of a save is timed on its own, by the thread's
 * CPU time, which other processes do not disturb.
 */
public final class ObservabilityBenchmark {
  private static final int EVENTS_PER_SAVE = 10;
  private static final long ROUND_NANOS = 1_000_000_000L;
  private static final int WARMUP_ROUNDS = 3;
  private static final int ROUNDS = 15;

  private ObservabilityBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args.length == 0 ? "all" : args[0].toLowerCase(Locale.ROOT);
    List<Db> targets = new ArrayList<>();
    if (which.equals("h2") || which.equals("all")) {
      targets.add(Db.h2());
    }
    if (which.equals("postgres") || which.equals("all")) {
      targets.add(Db.postgres());
    }
    if (targets.isEmpty()) {
      System.err.println("usage: ObservabilityBenchmark [h2|postgres|all]");
      System.exit(2);
    }
    System.out.println("## Instrumentation on vs off: append throughput");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%d cores, Java %s; each save stores %d events; each writer alternates, save by save,"
            + " between off and on; rounds of %d s, %d warm-up rounds, then the median of"
            + " %d.%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        EVENTS_PER_SAVE,
        ROUND_NANOS / 1_000_000_000L,
        WARMUP_ROUNDS,
        ROUNDS);
    System.out.println("| database | writers | off events/s | on events/s | on/off throughput"
        + " | off CPU µs/event | on CPU µs/event | on/off CPU | instrumentation alone, CPU µs"
        + " per save (share of an uninstrumented save's CPU) |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Db db : targets) {
      for (int writers : new int[] {1, 4}) {
        run(db, writers);
      }
      db.cleanUp();
    }
  }

  private static void run(Db db, int writers) throws Exception {
    String stem = "obsbench_" + UUID.randomUUID().toString().substring(0, 6) + "_";
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    // -Dbench.handler=none: a handler that does nothing instead of the meter handler, to tell
    // Micrometer's observation machinery from the meter handler's lookups.
    if (System.getProperty("bench.handler", "meters").equals("none")) {
      observations.observationConfig().observationHandler(context -> true);
    } else {
      observations
          .observationConfig()
          .observationHandler(new DefaultMeterObservationHandler(meters));
    }
    // -Dbench.control=true: "on" without registries too, an A/A run that shows how far the two
    // applications differ by themselves (their tables, their pools) on this machine.
    Application.Builder onBuilder = db.builder(stem + "on_", writers);
    // -Dbench.on=observations or meters: only that registry, to see which costs what.
    String only = System.getProperty("bench.on", "both");
    if (!Boolean.getBoolean("bench.control")) {
      if (!only.equals("meters")) {
        onBuilder.observationRegistry(observations);
      }
      if (!only.equals("observations")) {
        onBuilder.meterRegistry(meters);
      }
    }
    try (Application off = db.builder(stem + "off_", writers).build();
        Application on = onBuilder.build()) {
      db.created.add(stem);
      Paired paired = new Paired(AccountRepository.of(off), AccountRepository.of(on), writers);
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        paired.round();
      }
      double[] throughput = new double[ROUNDS];
      double[] cpu = new double[ROUNDS];
      double[] offRate = new double[ROUNDS];
      double[] onRate = new double[ROUNDS];
      double[] offCpu = new double[ROUNDS];
      double[] onCpu = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        Sample[] both = paired.round();
        offRate[round] = both[0].eventsPerSecond() * writers;
        onRate[round] = both[1].eventsPerSecond() * writers;
        offCpu[round] = both[0].cpuMicrosPerEvent();
        onCpu[round] = both[1].cpuMicrosPerEvent();
        throughput[round] = onRate[round] / offRate[round];
        cpu[round] = onCpu[round] / offCpu[round];
      }
      double alone = instrumentationAlone(observations, meters);
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %,.0f | %.3f | %.1f | %.1f | %.3f | %.2f (%.1f%%) |%n",
          db.name,
          writers,
          median(offRate),
          median(onRate),
          median(throughput),
          median(offCpu),
          median(onCpu),
          median(cpu),
          alone,
          100 * alone / (median(offCpu) * EVENTS_PER_SAVE));
    }
  }

  /**
   * CPU µs that the instrumentation of one save takes on its own, without the save: observation,
   * scope, timer and counters, into the same registries. Thread CPU time is blind to the other
   * processes of a shared machine, where wall-clock ratios are not.
   */
  private static double instrumentationAlone(
      ObservationRegistry observations, MeterRegistry meters) {
    Observability observability = Observability.micrometer(observations, meters, "alone_");
    List<Account> saved = List.of(Account.open(UUID.randomUUID(), "alone"));
    int spans = 200_000;
    Runnable work = () -> {
      for (int i = 0; i < spans; i++) {
        Observability.Span span = observability.save(saved);
        span.succeeded(EVENTS_PER_SAVE);
        span.end();
      }
    };
    work.run(); // warm-up
    double[] micros = new double[5];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = Sample.of(spans, work).cpuNanos() / 1000.0 / spans;
    }
    observability.close();
    return median(micros);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /**
   * Writer threads that each alternate, save by save, between an account in the application without
   * registries and one in the application with them: paired saves, so that whatever else the
   * machine does in a round slows both alike.
   */
  private static final class Paired {
    private final AccountRepository off;
    private final AccountRepository on;
    private final Account[][] own;

    Paired(AccountRepository off, AccountRepository on, int writers) {
      this.off = off;
      this.on = on;
      this.own = new Account[writers][2];
      for (int i = 0; i < writers; i++) {
        own[i][0] = Account.open(UUID.randomUUID(), "writer-" + i);
        off.save(own[i][0]);
        own[i][1] = Account.open(UUID.randomUUID(), "writer-" + i);
        on.save(own[i][1]);
      }
    }

    /**
     * One round: for off and for on, the events saved and the wall time, CPU time and allocation of
     * their saves, summed over the writers (so events/s is per writer).
     */
    Sample[] round() throws InterruptedException {
      long[][] totals = new long[own.length][8];
      AtomicReference<Throwable> failure = new AtomicReference<>();
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < own.length; i++) {
        int writer = i;
        Thread thread = new Thread(
            () -> {
              try {
                go.await();
                long deadline = System.nanoTime() + ROUND_NANOS;
                for (int n = 0; System.nanoTime() < deadline; n++) {
                  // Which goes first alternates, so neither always follows the other.
                  int first = n % 2;
                  save(writer, first, totals[writer]);
                  save(writer, 1 - first, totals[writer]);
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
      long[] sum = new long[8];
      for (long[] writer : totals) {
        for (int k = 0; k < sum.length; k++) {
          sum[k] += writer[k];
        }
      }
      return new Sample[] {
        new Sample(sum[0], sum[1], sum[2], sum[3]), new Sample(sum[4], sum[5], sum[6], sum[7])
      };
    }

    private void save(int writer, int which, long[] totals) {
      Account account = own[writer][which];
      AccountRepository accounts = which == 0 ? off : on;
      for (int e = 0; e < EVENTS_PER_SAVE; e++) {
        account.deposit(1, "r" + account.version());
      }
      Sample sample = Sample.of(EVENTS_PER_SAVE, () -> accounts.save(account));
      int base = which * 4;
      totals[base] += sample.events();
      totals[base + 1] += sample.nanos();
      totals[base + 2] += sample.allocatedBytes();
      totals[base + 3] += sample.cpuNanos();
    }
  }

  /** A database of this benchmark's own, and the prefixes to drop at the end. */
  private static final class Db {
    final String name;
    final String url;
    final String user;
    final String password;
    final Path h2Directory;
    final List<String> created = new ArrayList<>();

    private Db(String name, String url, String user, String password, Path h2Directory) {
      this.name = name;
      this.url = url;
      this.user = user;
      this.password = password;
      this.h2Directory = h2Directory;
    }

    static Db h2() throws IOException {
      Path directory = Files.createTempDirectory("recount-observe-bench");
      return new Db(
          "H2 (file, embedded)",
          "jdbc:h2:file:" + directory.resolve("bench") + ";DB_CLOSE_DELAY=-1",
          "sa",
          "",
          directory);
    }

    static Db postgres() {
      return new Db(
          "PostgreSQL",
          System.getenv()
              .getOrDefault("BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
          System.getenv().getOrDefault("BENCH_POSTGRES_USER", "postgres"),
          System.getenv().getOrDefault("BENCH_POSTGRES_PASSWORD", ""),
          null);
    }

    Application.Builder builder(String prefix, int writers) {
      return Application.builder()
          .dbUri(url)
          .dbUser(user)
          .dbPassword(password)
          .tablePrefix(prefix)
          .poolSize(writers + 1);
    }

    /** Drops this run's tables (PostgreSQL) or deletes its files (H2). */
    void cleanUp() throws SQLException, IOException {
      if (h2Directory != null) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
            Statement statement = connection.createStatement()) {
          statement.execute("SHUTDOWN");
        }
        try (Stream<Path> files = Files.walk(h2Directory)) {
          for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
        return;
      }
      try (Connection connection = DriverManager.getConnection(url, user, password);
          Statement statement = connection.createStatement()) {
        for (String stem : created) {
          List<String> drops = new ArrayList<>();
          try (var rows = statement.executeQuery("SELECT 'TABLE', tablename FROM pg_tables"
              + " WHERE tablename LIKE '" + stem + "%' UNION ALL SELECT 'SEQUENCE', sequencename"
              + " FROM pg_sequences WHERE sequencename LIKE '" + stem + "%' UNION ALL SELECT"
              + " 'FUNCTION', proname FROM pg_proc WHERE proname LIKE '" + stem + "%'")) {
            while (rows.next()) {
              drops.add(
                  "DROP " + rows.getString(1) + " IF EXISTS \"" + rows.getString(2) + "\" CASCADE");
            }
          }
          for (String drop : drops) {
            statement.execute(drop);
          }
        }
      }
    }
  }
}
