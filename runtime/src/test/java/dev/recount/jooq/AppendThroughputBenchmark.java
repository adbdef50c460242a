package dev.recount.jooq;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.StoredEvent;
import dev.recount.internal.Recorder;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * How much the notification order costs: writer threads doing one-event saves through the recorder
 * (ids in commit order, gap-safe), against the same rows inserted with plain JDBC into a table with
 * the same columns and indexes whose ids come from an identity column (no ordering guarantee: a
 * follower could skip), and, for reference, against a table lock held until commit (what the Python
 * library does on PostgreSQL). Not a test: it prints numbers.
 *
 * <pre>
 * mvn -q -pl runtime -am test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 * java -cp "runtime/target/test-classes:runtime/target/classes:$(cat /tmp/cp.txt)" \
 *     dev.recount.jooq.AppendThroughputBenchmark [postgres|mariadb|h2|all] [seconds] [rounds]
 * </pre>
 *
 * Within each round the variants take turns second by second, so that a noisy machine hurts them
 * alike; the summary gives medians, and the median of the per-round ratios. CPU is this JVM's (the
 * client's) per save.
 */
public final class AppendThroughputBenchmark {
  private static final int THREADS = 8;
  private static final byte[] STATE = new byte[120];

  private AppendThroughputBenchmark() {}

  /** One way of storing a one-event save. */
  private interface Writer {
    void save(UUID id) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "postgres";
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    new Random(1).nextBytes(STATE);
    List<TestDatabase> databases = new ArrayList<>();
    if (which.equals("postgres") || which.equals("all")) {
      databases.add(TestDatabase.postgres());
    }
    if (which.equals("mariadb") || which.equals("all")) {
      databases.add(TestDatabase.mariadb());
    }
    if (which.equals("h2") || which.equals("all")) {
      databases.add(TestDatabase.h2());
    }
    for (TestDatabase db : databases) {
      run(db, seconds, rounds);
    }
    System.exit(0);
  }

  private static void run(TestDatabase db, int seconds, int rounds) throws Exception {
    String prefix = TestDatabase.newPrefix("bench");
    String plain = prefix + "plain";
    String locked = prefix + "locked";
    try (Recorder recorder = Recorders.open(db.url, db.user, db.password, prefix, true, THREADS);
        HikariDataSource pool = pool(db)) {
      createPlainTables(db, pool, plain, locked);
      Map<String, Writer> writers = new LinkedHashMap<>();
      writers.put(
          "recorder",
          id -> recorder.insert(
              List.of(RecorderContract.event(id, 1, RecorderContract.TOPIC, STATE)), List.of()));
      writers.put("plain", id -> insertPlain(pool, plain, id));
      if (db.dialect == Dialect.POSTGRES) {
        writers.put("ordered JDBC", id -> insertReserving(pool, prefix, id));
        writers.put("table lock", id -> insertLocked(pool, locked, id));
      }
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      writers.keySet().forEach(name -> rates.put(name, new ArrayList<>()));
      // Warm up the JIT (jOOQ's code paths need a while), the pools and the server's caches.
      for (Map.Entry<String, Writer> writer : writers.entrySet()) {
        measure(writer.getValue(), writer.getKey().equals("recorder") ? 4 * seconds : seconds);
      }
      for (int round = 1; round <= rounds; round++) {
        // Within a round the variants take turns second by second, so that a neighbour's load
        // on a shared machine falls on all of them alike.
        Map<String, double[]> totals = new LinkedHashMap<>();
        writers.keySet().forEach(name -> totals.put(name, new double[3]));
        for (int slice = 0; slice < seconds; slice++) {
          for (Map.Entry<String, Writer> writer : writers.entrySet()) {
            Measurement m = measure(writer.getValue(), 1);
            double[] total = totals.get(writer.getKey());
            total[0] += m.saves;
            total[1] += m.seconds;
            total[2] += m.cpuMicros;
          }
        }
        StringBuilder line =
            new StringBuilder(String.format(Locale.ROOT, "%-8s round %d:", db.dialect, round));
        for (Map.Entry<String, double[]> total : totals.entrySet()) {
          double[] t = total.getValue();
          double rate = t[0] / t[1];
          rates.get(total.getKey()).add(rate);
          line.append(String.format(
              Locale.ROOT, "  %s %.0f/s (%.0f µs CPU)", total.getKey(), rate, t[2] / t[0]));
        }
        System.out.println(line);
      }
      double[] ratios = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        ratios[i] = rates.get("recorder").get(i) / rates.get("plain").get(i);
      }
      StringBuilder summary = new StringBuilder(String.format(
          Locale.ROOT,
          "%-8s %d threads, one-event saves, medians of %d rounds of %d s each:",
          db.dialect,
          THREADS,
          rounds,
          seconds));
      for (Map.Entry<String, List<Double>> rate : rates.entrySet()) {
        summary.append(
            String.format(Locale.ROOT, " %s %.0f/s;", rate.getKey(), median(rate.getValue())));
      }
      summary.append(String.format(
          Locale.ROOT,
          " recorder/plain %.2f (median of per-round ratios; rounds %s)",
          median(ratios),
          Arrays.toString(
              Arrays.stream(ratios).map(r -> Math.round(r * 100) / 100.0).toArray())));
      if (rates.containsKey("table lock")) {
        summary.append(String.format(
            Locale.ROOT,
            "; table lock/plain %.2f",
            median(rates.get("table lock")) / median(rates.get("plain"))));
      }
      System.out.println(summary);
    } finally {
      db.drop(prefix);
    }
  }

  private static HikariDataSource pool(TestDatabase db) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(db.url);
    config.setUsername(db.user);
    config.setPassword(db.password);
    config.setMaximumPoolSize(THREADS);
    config.setAutoCommit(false);
    return new HikariDataSource(config);
  }

  private static void createPlainTables(
      TestDatabase db, HikariDataSource pool, String plain, String locked) throws SQLException {
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      for (String table : List.of(plain, locked)) {
        String id;
        switch (db.dialect) {
          case POSTGRES:
            id = "notification_id BIGINT GENERATED BY DEFAULT AS IDENTITY UNIQUE, ";
            break;
          case MARIADB:
            id = "notification_id BIGINT AUTO_INCREMENT UNIQUE, ";
            break;
          default: // H2 keys the events table's rows by notification id, as here
            id = "notification_id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ";
        }
        String versionKey = db.dialect == Dialect.H2 ? "UNIQUE" : "PRIMARY KEY";
        String binary = db.dialect == Dialect.POSTGRES ? "BYTEA" : "VARBINARY(1000)";
        statement.execute("CREATE TABLE " + table + " (" + id
            + "originator_id UUID NOT NULL, "
            + "originator_version BIGINT NOT NULL, topic VARCHAR(255) NOT NULL, "
            + "timestamp_us BIGINT NOT NULL, state " + binary + " NOT NULL, previous_hash "
            + binary + ", hash " + binary + ", " + versionKey
            + " (originator_id, originator_version))");
        // The indexes of the events table, so that only the ordering differs.
        statement.execute(
            "CREATE INDEX " + table + "_topic ON " + table + " (topic, notification_id)");
      }
      connection.commit();
    }
  }

  private static void insertPlain(HikariDataSource pool, String table, UUID id)
      throws SQLException {
    try (Connection connection = pool.getConnection()) {
      insertRow(connection, table, id, null);
      connection.commit();
    }
  }

  /**
   * The recorder's PostgreSQL insert (ids reserved with the transaction id) in plain JDBC: what the
   * ordering itself costs, without jOOQ's work in the client.
   */
  private static void insertReserving(HikariDataSource pool, String prefix, UUID id)
      throws SQLException {
    try (Connection connection = pool.getConnection();
        PreparedStatement insert = connection.prepareStatement("WITH reserved(first) AS"
            + " (SELECT \"" + prefix + "reserve_ids\"(1)) INSERT INTO \"" + prefix + "events\""
            + " (notification_id, originator_id, originator_version, topic, timestamp_us, state,"
            + " previous_hash, hash) VALUES ((SELECT first FROM reserved), ?, ?, ?, ?, ?, ?, ?)"
            + " RETURNING notification_id")) {
      StoredEvent event = RecorderContract.event(id, 1, RecorderContract.TOPIC, STATE);
      insert.setObject(1, id);
      insert.setLong(2, event.originatorVersion());
      insert.setString(3, event.topic());
      insert.setLong(4, event.timestampMicros());
      insert.setBytes(5, event.state());
      insert.setBytes(6, event.previousHash());
      insert.setBytes(7, event.hash());
      try (ResultSet keys = insert.executeQuery()) {
        keys.next();
        keys.getLong(1);
      }
      connection.commit();
    }
  }

  /** The table locked until commit, and the id after the largest stored. */
  private static void insertLocked(HikariDataSource pool, String table, UUID id)
      throws SQLException {
    try (Connection connection = pool.getConnection()) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
      }
      long next;
      try (Statement statement = connection.createStatement();
          ResultSet max = statement.executeQuery(
              "SELECT COALESCE(MAX(notification_id), 0) + 1" + " FROM " + table)) {
        max.next();
        next = max.getLong(1);
      }
      insertRow(connection, table, id, next);
      connection.commit();
    }
  }

  private static void insertRow(Connection connection, String table, UUID id, Long notification)
      throws SQLException {
    String columns =
        "originator_id, originator_version, topic, timestamp_us, state," + " previous_hash, hash";
    String sql = notification == null
        ? "INSERT INTO " + table + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?)"
        : "INSERT INTO " + table + " (" + columns + ", notification_id)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    try (PreparedStatement insert =
        connection.prepareStatement(sql, new String[] {"notification_id"})) {
      StoredEvent event = RecorderContract.event(id, 1, RecorderContract.TOPIC, STATE);
      if (connection.getMetaData().getURL().startsWith("jdbc:mariadb:")) {
        insert.setString(1, id.toString());
      } else {
        insert.setObject(1, id);
      }
      insert.setLong(2, event.originatorVersion());
      insert.setString(3, event.topic());
      insert.setLong(4, event.timestampMicros());
      insert.setBytes(5, event.state());
      insert.setBytes(6, event.previousHash());
      insert.setBytes(7, event.hash());
      if (notification != null) {
        insert.setLong(8, notification);
      }
      insert.executeUpdate();
      try (ResultSet keys = insert.getGeneratedKeys()) {
        keys.next();
        keys.getLong(1);
      }
    }
  }

  /** What {@link #measure} counted. */
  private record Measurement(long saves, double seconds, double cpuMicros) {}

  /** The saves of {@link #THREADS} threads saving as fast as they can for a while. */
  private static Measurement measure(Writer writer, int seconds) throws InterruptedException {
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    AtomicBoolean running = new AtomicBoolean(true);
    LongAdder saves = new LongAdder();
    List<Throwable> failures = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(THREADS);
    long start = System.nanoTime();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        try {
          while (running.get()) {
            writer.save(UUID.randomUUID());
            saves.increment();
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        } finally {
          done.countDown();
        }
      });
      thread.start();
    }
    Thread.sleep(seconds * 1000L);
    running.set(false);
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    if (!failures.isEmpty()) {
      throw new IllegalStateException("a writer failed", failures.get(0));
    }
    return new Measurement(saves.sum(), elapsed, (os.getProcessCpuTime() - cpu) / 1000.0);
  }

  private static double median(List<Double> values) {
    return median(values.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
