package dev.recount.benchmarks;

import static dev.recount.benchmarks.RotatingWriters.median;

import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.Transaction;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What saving through the user's own pool, and inside the user's transaction, costs against the
 * application's own pool: one-event appends on H2, PostgreSQL or MariaDB. Run by hand: {@code java
 * -cp benchmarks/target/benchmarks.jar dev.recount.benchmarks.DataSourceBenchmark
 * [h2|postgres|mariadb|all]}.
 *
 * <p>Three applications on one database, each with tables of its own and a HikariCP pool of the
 * same size: "own" opens its pool from the URL ({@code dbUri}); "supplied" is given a
 * {@code HikariDataSource} ({@code dataSource}); "transaction" is given one too, and each save is
 * {@code app.transaction(connection)}, {@code save}, {@code commit} on a connection the caller
 * borrowed from it, as a plain JDBC service would write. Each writer thread rotates save by save
 * through the three ({@link RotatingWriters}), so a shared machine's load falls on each alike; the
 * ratios are medians of round-by-round ratios, by wall time and by the writers' CPU time.
 */
public final class DataSourceBenchmark {
  private static final long ROUND_NANOS = 1_000_000_000L;
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup", 3);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 15);

  private DataSourceBenchmark() {}

  /** One way of saving an account. */
  @FunctionalInterface
  private interface Saver {
    void save(Account account);
  }

  public static void main(String[] args) throws Exception {
    List<ServiceDatabase> databases = ServiceDatabase.chosen(args, "DataSourceBenchmark");
    System.out.println(
        "## The user's pool and the user's transaction vs the application's own pool");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%d cores, Java %s; one-event saves onto existing accounts; %s; rounds of %d s, %d"
            + " warm-up rounds, then the median of %d.%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        RotatingWriters.PHASED
            ? "one writer rotates, save by save, through own, supplied and transaction; several"
                + " save through each for a third of each round, which goes first rotating"
            : "each writer rotates, save by save, through own, supplied and transaction",
        ROUND_NANOS / 1_000_000_000L,
        WARMUP_ROUNDS,
        ROUNDS);
    System.out.println("| database | writers | own events/s | supplied events/s | transaction"
        + " events/s | supplied/own | transaction/own | supplied/own CPU per event |"
        + " transaction/own CPU per event | load average before, after |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (ServiceDatabase database : databases) {
      for (int writers : ServiceDatabase.writerCounts()) {
        run(database, writers);
      }
      database.cleanUp();
    }
  }

  private static void run(ServiceDatabase database, int writers) throws Exception {
    String load = RotatingWriters.loadAverage();
    String stem = database.newStem("dsbench");
    try (HikariDataSource suppliedPool = database.pool(writers + 1);
        HikariDataSource transactionPool = database.pool(writers + 1);
        Application own = database.ownPool(stem + "own_", writers + 1).build();
        Application supplied = Application.builder()
            .tablePrefix(stem + "sup_")
            .dataSource(suppliedPool)
            .build();
        Application joined = Application.builder()
            .tablePrefix(stem + "txn_")
            .dataSource(transactionPool)
            .build()) {
      Saver[] savers = {
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
      };
      Account[][] accounts = new Account[writers][savers.length];
      for (int i = 0; i < writers; i++) {
        for (int k = 0; k < savers.length; k++) {
          accounts[i][k] = Account.open(UUID.randomUUID(), "writer-" + i);
          savers[k].save(accounts[i][k]);
        }
      }
      RotatingWriters rotation =
          new RotatingWriters(writers, savers.length, ROUND_NANOS, (writer, kind) -> {
            Account account = accounts[writer][kind];
            account.deposit(1, "r" + account.version());
            return Sample.of(1, () -> savers[kind].save(account));
          });
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        rotation.round();
      }
      double[][] rate = new double[3][ROUNDS];
      double[][] cpu = new double[3][ROUNDS];
      double[][] ratio = new double[2][ROUNDS];
      double[][] cpuRatio = new double[2][ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        Sample[] samples = rotation.measured(round);
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
          "| %s | %d | %,.0f | %,.0f | %,.0f | %.3f | %.3f | %.3f | %.3f | %s, %s |%n",
          database.name,
          writers,
          median(rate[0]),
          median(rate[1]),
          median(rate[2]),
          median(ratio[0]),
          median(ratio[1]),
          median(cpuRatio[0]),
          median(cpuRatio[1]),
          load,
          RotatingWriters.loadAverage());
    }
  }
}
