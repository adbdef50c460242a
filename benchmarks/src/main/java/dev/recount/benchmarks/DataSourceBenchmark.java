package dev.recount.benchmarks;

import static dev.recount.benchmarks.RotatingWriters.median;

import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.Transaction;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
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
 * borrowed from it, as a plain JDBC service would write. The writers take turns through these and
 * "raw" below ({@link RotatingWriters}), so a shared machine's load falls on each alike; the ratios
 * are medians of round-by-round ratios, by wall time and by the writers' CPU time.
 *
 * <p>The fourth lane, "raw", is the floor of any save in the caller's transaction: a plain JDBC
 * transaction on a pool of the same size that inserts one row (an identity id, the aggregate's id
 * and version under a unique key, a topic and the event's JSON) and commits; no hash, no cipher, no
 * log order. Where raw/own is short of a figure, no design of a save that joins the caller's
 * transaction can reach it: each such save is a commit of its own, where the application's own pool
 * shares one commit among the saves that arrive together.
 */
public final class DataSourceBenchmark {
  private static final long ROUND_NANOS = Long.getLong("bench.roundMillis", 1_000L) * 1_000_000L;
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup", 3);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 15);

  /**
   * The kinds of save, in the order in which they take turns. In phases each kind follows the one
   * before it: raw, which commits most often, goes before the caller's transaction, so whatever it
   * leaves the database to do (purging, flushing) falls on the figure that is short of its target,
   * never on the own pool's.
   */
  private static final int OWN = 0;

  private static final int SUPPLIED = 1;
  private static final int RAW = 2;
  private static final int TRANSACTION = 3;
  private static final int KINDS = 4;

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
        "%d cores, Java %s; one-event saves onto existing accounts; %s; rounds of %.2f s, %d"
            + " warm-up rounds, then the median of %d.%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        RotatingWriters.PHASED
            ? "one writer rotates, save by save, through own, supplied, raw and transaction;"
                + " several save through each for a quarter of each round, which goes first"
                + " rotating"
            : "each writer rotates, save by save, through own, supplied, raw and transaction",
        ROUND_NANOS / 1e9,
        WARMUP_ROUNDS,
        ROUNDS);
    System.out.println("| database | writers | own events/s | supplied events/s | transaction"
        + " events/s | supplied/own | transaction/own | supplied/own CPU per event |"
        + " transaction/own CPU per event | raw events/s | raw/own | transaction/raw |"
        + " load average before, after |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
        + " ---: | ---: | --- |");
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
        HikariDataSource rawPool = database.pool(writers + 1);
        Application own = database.ownPool(stem + "own_", writers + 1).build();
        Application supplied = Application.builder()
            .tablePrefix(stem + "sup_")
            .dataSource(suppliedPool)
            .build();
        Application joined = Application.builder()
            .tablePrefix(stem + "txn_")
            .dataSource(transactionPool)
            .build()) {
      String rawInsert = createRawTable(database, rawPool, stem + "raw");
      int[] rawVersions = new int[writers];
      UUID[] rawIds = new UUID[writers];
      for (int i = 0; i < writers; i++) {
        rawIds[i] = UUID.randomUUID();
      }
      Saver[] savers = new Saver[KINDS];
      savers[OWN] = AccountRepository.of(own)::save;
      savers[SUPPLIED] = AccountRepository.of(supplied)::save;
      savers[TRANSACTION] = account -> {
        try (Connection connection = transactionPool.getConnection();
            Transaction transaction = joined.transaction(connection)) {
          transaction.save(account);
          transaction.commit();
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      };
      Account[][] accounts = new Account[writers][KINDS];
      for (int i = 0; i < writers; i++) {
        for (int k = 0; k < KINDS; k++) {
          if (k != RAW) {
            accounts[i][k] = Account.open(UUID.randomUUID(), "writer-" + i);
            savers[k].save(accounts[i][k]);
          }
        }
      }
      RotatingWriters rotation =
          new RotatingWriters(writers, KINDS, ROUND_NANOS, (writer, kind) -> {
            if (kind == RAW) {
              int version = ++rawVersions[writer];
              return Sample.of(1, () -> rawSave(rawPool, rawInsert, rawIds[writer], version));
            }
            Account account = accounts[writer][kind];
            account.deposit(1, "r" + account.version());
            return Sample.of(1, () -> savers[kind].save(account));
          });
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        rotation.round();
      }
      double[][] rate = new double[KINDS][ROUNDS];
      double[][] cpu = new double[KINDS][ROUNDS];
      double[][] toOwn = new double[KINDS][ROUNDS];
      double[][] cpuToOwn = new double[KINDS][ROUNDS];
      double[] transactionToRaw = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        Sample[] samples = rotation.measured(round);
        for (int k = 0; k < KINDS; k++) {
          rate[k][round] = samples[k].eventsPerSecond() * writers;
          cpu[k][round] = samples[k].cpuMicrosPerEvent();
        }
        for (int k = 0; k < KINDS; k++) {
          toOwn[k][round] = rate[k][round] / rate[OWN][round];
          cpuToOwn[k][round] = cpu[k][round] / cpu[OWN][round];
        }
        transactionToRaw[round] = rate[TRANSACTION][round] / rate[RAW][round];
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %,.0f | %,.0f | %.3f | %.3f | %.3f | %.3f | %,.0f | %.3f | %.3f"
              + " | %s, %s |%n",
          database.name,
          writers,
          median(rate[OWN]),
          median(rate[SUPPLIED]),
          median(rate[TRANSACTION]),
          median(toOwn[SUPPLIED]),
          median(toOwn[TRANSACTION]),
          median(cpuToOwn[SUPPLIED]),
          median(cpuToOwn[TRANSACTION]),
          median(rate[RAW]),
          median(toOwn[RAW]),
          median(transactionToRaw),
          load,
          RotatingWriters.loadAverage());
    }
  }

  /** Creates the raw lane's table under {@code table} and returns its insert. */
  private static String createRawTable(
      ServiceDatabase database, HikariDataSource pool, String table) throws SQLException {
    String id = database.url.startsWith("jdbc:mariadb:")
        ? "BIGINT AUTO_INCREMENT PRIMARY KEY"
        : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY";
    String bytes = database.url.startsWith("jdbc:postgresql:") ? "BYTEA" : "VARBINARY(4000)";
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE " + table + " (id " + id + ", originator_id CHAR(36) NOT NULL,"
              + " originator_version INT NOT NULL, topic VARCHAR(255) NOT NULL, state " + bytes
              + " NOT NULL, UNIQUE (originator_id, originator_version))");
    }
    return "INSERT INTO " + table
        + " (originator_id, originator_version, topic, state) VALUES (?, ?, ?, ?)";
  }

  /** One row in one transaction of the caller's, as plain JDBC writes it. */
  private static void rawSave(HikariDataSource pool, String insert, UUID id, int version) {
    try (Connection connection = pool.getConnection()) {
      connection.setAutoCommit(false);
      try (PreparedStatement statement = connection.prepareStatement(insert)) {
        statement.setString(1, id.toString());
        statement.setInt(2, version);
        statement.setString(3, RawCodec.DEPOSITED);
        statement.setBytes(
            4,
            ("{\"amount\":1,\"reference\":\"r" + version + "\"}").getBytes(StandardCharsets.UTF_8));
        statement.executeUpdate();
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
