package dev.recount.benchmarks;

import static dev.recount.benchmarks.RotatingWriters.median;

import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What reading the notification log costs through Recount against raw JDBC on the same tables, on
 * H2, PostgreSQL or MariaDB. Run by hand: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.recount.benchmarks.LogReadBenchmark [h2|postgres|mariadb|all]} ({@code all} is H2 and
 * PostgreSQL, as for {@link ServiceDatabase#chosen}).
 *
 * <p>Recount bounds every read by the ids still in flight: MariaDB computes the bound in one or two
 * statements before each page, PostgreSQL asks one function, H2 asks nothing. An application on a
 * pool of its own stores {@code -Dbench.events} new accounts of one event each, 100 a save; then,
 * for each page size of {@code -Dbench.pages}, each round reads the whole log from id 1 in pages
 * both ways, which goes first alternating round by round: {@code app.log().select} until a page
 * comes back empty, and a plain {@code SELECT ... WHERE notification_id >= ? ORDER BY
 * notification_id LIMIT ?} on a connection borrowed from a HikariCP pool of its own per page,
 * reading every column of every row (but decoding no event, which Recount does). Nothing writes
 * meanwhile, so MariaDB's bound skips its listing of the slots after the first read: the figures
 * are those of a log at rest. The ratio is the median of round-by-round ratios, so load that falls
 * on a round falls on both alike; µs per read counts the empty read that ends a pass, and
 * {@code maxId} is timed call by call. Keep the rounds odd: an even count takes the upper of the
 * two middle values, which for events/s and for µs per read come from different rounds.
 */
public final class LogReadBenchmark {
  private static final int EVENTS = Integer.getInteger("bench.events", 20_000);
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup", 2);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
  private static final int MAX_ID_CALLS = 2_000;
  /**
   * Whether a second application on the same tables saves one-event saves all the while, as another
   * process would: the log's end then moves, and MariaDB's readers list the writers' slots on every
   * read instead of finding nothing in flight. Both readers stop at the last id stored first.
   */
  private static final boolean BUSY = Boolean.getBoolean("bench.busy");

  private static final int ACCOUNTS_PER_SAVE = 100;

  /** What the reads return, summed, so that no read can be skipped as unused. */
  private static long sink;

  private LogReadBenchmark() {}

  /** One read of the whole log in pages: its wall time and the read calls it made. */
  private record Pass(long nanos, int calls) {}

  public static void main(String[] args) throws Exception {
    List<ServiceDatabase> databases = ServiceDatabase.chosen(args, "LogReadBenchmark");
    int[] pages = pageSizes();
    System.out.println("## Reading the log: Recount vs raw JDBC");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%d cores, Java %s; %,d one-event saves, then the whole log read in pages from id 1,"
            + " Recount and raw JDBC alternating which goes first; %d warm-up rounds, then the"
            + " median of %d; maxId: the median of %,d calls.%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        EVENTS,
        WARMUP_ROUNDS,
        ROUNDS,
        MAX_ID_CALLS);
    System.out.println(
        "| database | page | Recount events/s | raw events/s | Recount/raw events/s |"
            + " Recount µs per read | raw µs per read | maxId µs | load average before, after |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (ServiceDatabase database : databases) {
      run(database, pages);
      database.cleanUp();
    }
    if (sink == 42) {
      System.out.println(); // never: only so that the reads' results are used
    }
  }

  /** The page sizes to read with: {@code -Dbench.pages=10,1000} (the default). */
  private static int[] pageSizes() {
    return Arrays.stream(System.getProperty("bench.pages", "10,1000").split(","))
        .mapToInt(size -> Integer.parseInt(size.trim()))
        .toArray();
  }

  private static void run(ServiceDatabase database, int[] pages) throws Exception {
    String stem = database.newStem("logbench");
    try (Application app = database.ownPool(stem, 2).build();
        HikariDataSource pool = database.pool(2)) {
      store(app);
      long end = app.log().maxId();
      AtomicBoolean writing = new AtomicBoolean(BUSY);
      Thread writer = new Thread(() -> keepSaving(database, stem, writing), "busy-writer");
      if (BUSY) {
        writer.start();
      }
      try {
        measure(database, app, pool, stem, end, pages);
      } finally {
        writing.set(false);
        writer.join();
      }
    }
  }

  /** One-event saves through an application of its own on the same tables, until told to stop. */
  private static void keepSaving(ServiceDatabase database, String stem, AtomicBoolean writing) {
    try (Application other = database.ownPool(stem, 2).build()) {
      while (writing.get()) {
        other.save(List.of(Account.open(UUID.randomUUID(), "busy")));
      }
    }
  }

  private static void measure(
      ServiceDatabase database,
      Application app,
      HikariDataSource pool,
      String stem,
      long end,
      int[] pages)
      throws SQLException {
    String quote = database.url.startsWith("jdbc:mariadb:") ? "`" : "\"";
    String sql = "SELECT " + quoted(quote, "notification_id") + ", "
        + quoted(quote, "originator_id") + ", " + quoted(quote, "originator_version") + ", "
        + quoted(quote, "topic") + ", " + quoted(quote, "timestamp_us") + ", "
        + quoted(quote, "state") + " FROM " + quoted(quote, stem + "events") + " WHERE "
        + quoted(quote, "notification_id") + " >= ? AND " + quoted(quote, "notification_id")
        + " <= ? ORDER BY "
        + quoted(quote, "notification_id") + " LIMIT ?";
    for (int page : pages) {
      String load = RotatingWriters.loadAverage();
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        readRecount(app.log(), end, page);
        readRaw(pool, sql, end, page);
      }
      double[][] rate = new double[2][ROUNDS];
      double[][] micros = new double[2][ROUNDS];
      double[] ratio = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        Pass recount;
        Pass raw;
        if (round % 2 == 0) {
          recount = readRecount(app.log(), end, page);
          raw = readRaw(pool, sql, end, page);
        } else {
          raw = readRaw(pool, sql, end, page);
          recount = readRecount(app.log(), end, page);
        }
        Pass[] passes = {recount, raw};
        for (int k = 0; k < 2; k++) {
          rate[k][round] = EVENTS * 1e9 / passes[k].nanos();
          micros[k][round] = passes[k].nanos() / 1e3 / passes[k].calls();
        }
        ratio[round] = rate[0][round] / rate[1][round];
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %,.0f | %.3f | %.1f | %.1f | %.1f | %s, %s |%n",
          database.name,
          page,
          median(rate[0]),
          median(rate[1]),
          median(ratio),
          median(micros[0]),
          median(micros[1]),
          maxIdMicros(app.log()),
          load,
          RotatingWriters.loadAverage());
    }
  }

  private static String quoted(String quote, String name) {
    return quote + name + quote;
  }

  /** {@link #EVENTS} new accounts, one event each, {@link #ACCOUNTS_PER_SAVE} a save. */
  private static void store(Application app) {
    for (int stored = 0; stored < EVENTS; stored += ACCOUNTS_PER_SAVE) {
      List<Account> accounts = new ArrayList<>();
      for (int i = stored; i < Math.min(stored + ACCOUNTS_PER_SAVE, EVENTS); i++) {
        accounts.add(Account.open(UUID.randomUUID(), "owner-" + i));
      }
      app.save(accounts);
    }
  }

  private static Pass readRecount(NotificationLog log, long end, int page) {
    long start = System.nanoTime();
    long last = 0;
    int calls = 0;
    int read = 0;
    while (true) {
      List<Notification> notifications = log.select(last + 1, end, page, Set.of());
      calls++;
      if (notifications.isEmpty()) {
        break;
      }
      for (Notification notification : notifications) {
        sink += notification.originatorVersion() + notification.topic().length();
        last = notification.id();
      }
      read += notifications.size();
    }
    return checked(new Pass(System.nanoTime() - start, calls), read, "Recount");
  }

  private static Pass readRaw(HikariDataSource pool, String sql, long end, int page)
      throws SQLException {
    long start = System.nanoTime();
    long last = 0;
    int calls = 0;
    int read = 0;
    while (true) {
      int rows = 0;
      try (Connection connection = pool.getConnection();
          PreparedStatement select = connection.prepareStatement(sql)) {
        select.setLong(1, last + 1);
        select.setLong(2, end);
        select.setInt(3, page);
        try (ResultSet result = select.executeQuery()) {
          while (result.next()) {
            last = result.getLong(1);
            UUID originator = result.getObject(2, UUID.class);
            long version = result.getLong(3);
            String topic = result.getString(4);
            long timestamp = result.getLong(5);
            byte[] state = result.getBytes(6);
            sink += originator.hashCode() + version + topic.length() + timestamp + state.length;
            rows++;
          }
        }
      }
      calls++;
      if (rows == 0) {
        break;
      }
      read += rows;
    }
    return checked(new Pass(System.nanoTime() - start, calls), read, "raw JDBC");
  }

  /** A pass that read other than every event stored would measure something else. */
  private static Pass checked(Pass pass, int read, String reader) {
    if (read != EVENTS) {
      throw new IllegalStateException(
          reader + " read " + read + " events of the log, not the " + EVENTS + " stored");
    }
    return pass;
  }

  /** The median time of one {@code maxId} call, in microseconds. */
  private static double maxIdMicros(NotificationLog log) {
    double[] micros = new double[MAX_ID_CALLS];
    for (int i = 0; i < MAX_ID_CALLS; i++) {
      long start = System.nanoTime();
      sink += log.maxId();
      micros[i] = (System.nanoTime() - start) / 1e3;
    }
    return median(micros);
  }
}
