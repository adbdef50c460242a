package dev.recount.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.Transaction;
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
 * What saving through the user's own pool, and inside the user's transaction, costs against the
 * application's own pool: one-event appends on H2 and PostgreSQL. Run by hand: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.recount.benchmarks.DataSourceBenchmark [h2|postgres|all]}.
 *
 * <p>Three applications on one database, each with tables of its own and a HikariCP pool of the
 * same size: "own" opens its pool from the URL ({@code dbUri}); "supplied" is given a
 * {@code HikariDataSource} ({@code dataSource}); "transaction" is given one too, and each save is
 * {@code app.transaction(connection)}, {@code save}, {@code commit} on a connection the caller
 * borrowed from it, as a plain JDBC service would write. Each writer thread rotates save by save
 * through the three, so a shared machine's load falls on each alike; the ratios are medians of
 * round-by-round ratios, by wall time and by the writers' CPU time.
 */
public final class DataSourceBenchmark {
  private static final long ROUND_NANOS = 1_000_000_000L;
  private static final int WARMUP_ROUNDS = 3;
  private static final int ROUNDS = 15;
  private static final String[] NAMES = {"own", "supplied", "transaction"};

  private DataSourceBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args.length == 0 ? "all" : args[0].toLowerCase(Locale.ROOT);
    List<Target> targets = new ArrayList<>();
    if (which.equals("h2") || which.equals("all")) {
      targets.add(Target.h2());
    }
    if (which.equals("postgres") || which.equals("all")) {
      targets.add(Target.postgres());
    }
    if (targets.isEmpty()) {
      System.err.println("usage: DataSourceBenchmark [h2|postgres|all]");
      System.exit(2);
    }
    System.out.println(
        "## The user's pool and the user's transaction vs the application's own pool");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%d cores, Java %s; one-event saves onto existing accounts; each writer rotates, save by"
            + " save, through own, supplied and transaction; rounds of %d s, %d warm-up rounds,"
            + " then the median of %d.%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        ROUND_NANOS / 1_000_000_000L,
        WARMUP_ROUNDS,
        ROUNDS);
    System.out.println("| database | writers | own events/s | supplied events/s | transaction"
        + " events/s | supplied/own | transaction/own | supplied/own CPU per event |"
        + " transaction/own CPU per event |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Target target : targets) {
      for (int writers : new int[] {1, 4}) {
        run(target, writers);
      }
      target.cleanUp();
    }
  }

  private static void run(Target target, int writers) throws Exception {
    String stem = "dsbench_" + UUID.randomUUID().toString().substring(0, 6) + "_";
    target.created.add(stem);
    try (HikariDataSource suppliedPool = target.pool(writers + 1);
        HikariDataSource transactionPool = target.pool(writers + 1);
        Application own = target
            .builder(stem + "own_")
            .dbUri(target.url)
            .dbUser(target.user)
            .dbPassword(target.password)
            .poolSize(writers + 1)
            .build();
        Application supplied =
            target.builder(stem + "sup_").dataSource(suppliedPool).build();
        Application joined =
            target.builder(stem + "txn_").dataSource(transactionPool).build()) {
      Rotation rotation = new Rotation(writers, new Saver[] {
        AccountRepository.of(own)::save,
        AccountRepository.of(supplied)::save,
        account -> {
          try (Connection connection = transactionPool.getConnection();
              Transaction transaction = joined.transaction(connection)) {
            transaction.save(account);
            transaction.commit();
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
      });
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        rotation.round();
      }
      double[][] rate = new double[3][ROUNDS];
      double[][] cpu = new double[3][ROUNDS];
      double[][] ratio = new double[2][ROUNDS];
      double[][] cpuRatio = new double[2][ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        Sample[] samples = rotation.round();
        for (int k = 0; k < 3; k++) {
          rate[k][round] = samples[k].eventsPerSecond() * writers;
          cpu[k][round] = samples[k].cpuMicrosPerEvent();
        }
        for (int k = 1; k < 3; k++) {
          ratio[k - 1][round] = rate[k][round] / rate[0][round];
          cpuRatio[k - 1][round] = cpu[k][round] / cpu[0][round];
        }
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %,.0f | %,.0f | %.3f | %.3f | %.3f | %.3f |%n",
          target.name,
          writers,
          median(rate[0]),
          median(rate[1]),
          median(rate[2]),
          median(ratio[0]),
          median(ratio[1]),
          median(cpuRatio[0]),
          median(cpuRatio[1]));
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** One way of saving an account. */
  @FunctionalInterface
  interface Saver {
    void save(Account account);
  }

  /**
   * Writer threads that each rotate, save by save, through the savers, each on an account of its
   * own in that saver's application; which goes first moves on each time.
   */
  static final class Rotation {
    private final Saver[] savers;
    private final Account[][] own;

    Rotation(int writers, Saver[] savers) {
      this.savers = savers;
      this.own = new Account[writers][savers.length];
      for (int i = 0; i < writers; i++) {
        for (int k = 0; k < savers.length; k++) {
          own[i][k] = Account.open(UUID.randomUUID(), "writer-" + i);
          savers[k].save(own[i][k]);
        }
      }
    }

    Sample[] round() throws InterruptedException {
      int kinds = savers.length;
      long[][] totals = new long[own.length][kinds * 4];
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
                  for (int step = 0; step < kinds; step++) {
                    save(writer, (n + step) % kinds, totals[writer]);
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

    private void save(int writer, int kind, long[] totals) {
      Account account = own[writer][kind];
      account.deposit(1, "r" + account.version());
      Sample sample = Sample.of(1, () -> savers[kind].save(account));
      int base = kind * 4;
      totals[base] += sample.events();
      totals[base + 1] += sample.nanos();
      totals[base + 2] += sample.allocatedBytes();
      totals[base + 3] += sample.cpuNanos();
    }
  }

  /** A database of this benchmark's own, and the table stems to drop at the end. */
  private static final class Target {
    final String name;
    final String url;
    final String user;
    final String password;
    final Path h2Directory;
    final List<String> created = new ArrayList<>();

    private Target(String name, String url, String user, String password, Path h2Directory) {
      this.name = name;
      this.url = url;
      this.user = user;
      this.password = password;
      this.h2Directory = h2Directory;
    }

    static Target h2() throws IOException {
      Path directory = Files.createTempDirectory("recount-datasource-bench");
      return new Target(
          "H2 (file, embedded)",
          "jdbc:h2:file:" + directory.resolve("bench") + ";DB_CLOSE_DELAY=-1",
          "sa",
          "",
          directory);
    }

    static Target postgres() {
      return new Target(
          "PostgreSQL",
          System.getenv()
              .getOrDefault("BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
          System.getenv().getOrDefault("BENCH_POSTGRES_USER", "postgres"),
          System.getenv().getOrDefault("BENCH_POSTGRES_PASSWORD", ""),
          null);
    }

    Application.Builder builder(String prefix) {
      return Application.builder().tablePrefix(prefix);
    }

    /** A pool as a service would configure it: the size the application's own would have. */
    HikariDataSource pool(int size) {
      HikariConfig config = new HikariConfig();
      config.setJdbcUrl(url);
      config.setUsername(user);
      config.setPassword(password);
      config.setMaximumPoolSize(size);
      return new HikariDataSource(config);
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
