package dev.recount.benchmarks;

import dev.recount.Application;
import dev.recount.dcb.AppendCondition;
import dev.recount.dcb.DcbStore;
import dev.recount.dcb.Query;
import dev.recount.dcb.QueryItem;
import dev.recount.dcb.SequencedEvent;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Dynamic Consistency Boundaries: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.recount.benchmarks.DcbBenchmark [h2|postgres|mariadb|all] [events in the store for the read]
 * [read]} (with {@code read}, only the read; {@code all} is H2 and PostgreSQL, not MariaDB).
 *
 * <ul>
 *   <li>One writer: appends of one event with a condition (on the event's own student tag, after
 *       the writer's last position) against the same appends without one. Target: 0.7 or more.
 *   <li>Eight writers, each on a boundary of its own (its own student tag): the same comparison.
 *       Target 0.7 or more: on PostgreSQL, conditional appends on disjoint boundaries must not be
 *       serialized.
 *   <li>The read a decision starts with, a two-tag OR query ({@code course:c OR student:s}, about
 *       110 matching events) over a large store: p50 and p99 over random courses and students.
 * </ul>
 *
 * <p>Rounds alternate the two kinds of append (plain first in even rounds, conditional first in odd
 * ones); each ratio is the median of round-by-round ratios, as in the main harness.
 */
public final class DcbBenchmark {
  private static final int ROUNDS = 5;
  private static final int WRITERS = 8;

  private final Target target;
  private final String prefix =
      Target.PREFIX + "dcb_" + UUID.randomUUID().toString().substring(0, 8) + "_";
  private final int storeSize;
  /** Only the read (the appends' rounds skipped). */
  private final boolean readOnly;

  private DcbBenchmark(Target target, int storeSize, boolean readOnly) {
    this.target = target;
    this.storeSize = storeSize;
    this.readOnly = readOnly;
  }

  public static void main(String[] args) throws Exception {
    String which = args.length == 0 ? "all" : args[0].toLowerCase(Locale.ROOT);
    int storeSize = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    List<Target> targets = new ArrayList<>();
    if (which.equals("h2") || which.equals("all")) {
      targets.add(Target.h2());
    }
    if (which.equals("postgres") || which.equals("all")) {
      targets.add(Target.postgres());
    }
    if (which.equals("mariadb")) {
      targets.add(Target.mariadb());
    }
    if (targets.isEmpty()) {
      System.err.println("usage: DcbBenchmark [h2|postgres|mariadb|all] [events in the store for"
          + " the read] [read]");
      System.exit(2);
    }
    for (Target target : targets) {
      new DcbBenchmark(target, storeSize, args.length > 2 && args[2].equals("read")).run();
    }
  }

  private Application open() {
    return Application.builder()
        .dbUri(target.url())
        .dbUser(target.user())
        .dbPassword(target.password())
        .tablePrefix(prefix)
        .poolSize(WRITERS + 2)
        .build();
  }

  private void run() throws Exception {
    // PostgreSQL's and MariaDB's commits flush to disk: fewer appends keep their rounds as short.
    boolean h2 = target.isH2();
    int oneWriter = h2 ? 5_000 : 1_000;
    int perWriter = h2 ? 1_000 : 250;
    if (h2) {
      target.reset(); // an earlier run's H2 file
    }
    // On PostgreSQL and MariaDB the tables are this run's own (a random prefix, dropped at the
    // end): a reset would drop every bench_ table, those of another benchmark running at the same
    // time too.
    System.out.println("## DCB on " + target.name());
    System.out.println();
    try (Application app = open()) {
      DcbStore dcb = DcbStore.of(app);
      if (readOnly) {
        read(dcb);
        return;
      }
      warmUp(dcb, oneWriter / 5);
      double[] plainOne = new double[ROUNDS];
      double[] condOne = new double[ROUNDS];
      double[] plainMany = new double[ROUNDS];
      double[] condMany = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        boolean plainFirst = round % 2 == 0;
        for (int turn = 0; turn < 2; turn++) {
          boolean conditional = plainFirst == (turn == 1);
          double perSecond =
              oneWriter(dcb, "r" + round + (conditional ? "c" : "p"), oneWriter, conditional);
          (conditional ? condOne : plainOne)[round] = perSecond;
        }
        for (int turn = 0; turn < 2; turn++) {
          boolean conditional = plainFirst == (turn == 1);
          double perSecond =
              writers(dcb, "r" + round + (conditional ? "C" : "P"), perWriter, conditional);
          (conditional ? condMany : plainMany)[round] = perSecond;
        }
      }
      table(
          "appends/s (one event each), median of " + ROUNDS + " rounds; one writer " + oneWriter
              + " appends, 8 writers x " + perWriter,
          new String[] {"one writer", "8 writers, disjoint boundaries"},
          new double[][] {
            {median(plainOne), median(condOne), medianRatio(condOne, plainOne)},
            {median(plainMany), median(condMany), medianRatio(condMany, plainMany)}
          });
      read(dcb);
    } finally {
      drop();
    }
    System.out.println("Load average at the end: "
        + String.format(
            Locale.ROOT,
            "%.1f",
            ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
        + " on "
        + Runtime.getRuntime().availableProcessors() + " cores.");
    System.out.println();
  }

  private void warmUp(DcbStore dcb, int appends) throws Exception {
    oneWriter(dcb, "wp", appends, false);
    oneWriter(dcb, "wc", appends, true);
    writers(dcb, "wC", appends / WRITERS, true);
    writers(dcb, "wP", appends / WRITERS, false);
  }

  /** Appends per second of one writer, each on the student tag {@code <run>-<i % 100>}. */
  private static double oneWriter(DcbStore dcb, String run, int appends, boolean conditional) {
    long[] last = new long[100];
    long start = System.nanoTime();
    for (int i = 0; i < appends; i++) {
      int student = i % 100;
      append(dcb, run + "-" + student, "c" + i % 7, last, student, conditional);
    }
    return appends / ((System.nanoTime() - start) / 1e9);
  }

  private static void append(
      DcbStore dcb, String student, String course, long[] last, int slot, boolean conditional) {
    Enrolled event = new Enrolled(student, course);
    List<SequencedEvent> stored = conditional
        ? dcb.append(
            List.of(event),
            AppendCondition.failIfEventsMatch(
                Query.of(QueryItem.tags("student:" + student)), last[slot]))
        : dcb.append(List.of(event));
    last[slot] = stored.get(0).position();
  }

  /** Appends per second of 8 writers together, each on boundaries of its own. */
  private static double writers(DcbStore dcb, String run, int perWriter, boolean conditional)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
    try {
      CyclicBarrier start = new CyclicBarrier(WRITERS + 1);
      List<Future<?>> done = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        int writer = w;
        done.add(pool.submit(() -> {
          long[] last = new long[10];
          start.await();
          for (int i = 0; i < perWriter; i++) {
            append(dcb, run + "-" + writer + "-" + i % 10, "c" + i % 7, last, i % 10, conditional);
          }
          return null;
        }));
      }
      start.await();
      long begin = System.nanoTime();
      for (Future<?> future : done) {
        future.get(10, TimeUnit.MINUTES);
      }
      return WRITERS * perWriter / ((System.nanoTime() - begin) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Fills the store to {@link #storeSize} events (appends of 500, untimed), then times 500 reads of
   * {@code course:c OR student:s}: 10,000 courses and 100,000 students, so about 100 + 10 events
   * each.
   */
  private void read(DcbStore dcb) {
    int courses = 10_000;
    int students = 100_000;
    long head = dcb.read(Query.of(QueryItem.types("none")), java.util.OptionalLong.empty(), 1)
        .head();
    long fillStart = System.nanoTime();
    List<Object> batch = new ArrayList<>(500);
    for (long i = head; i < storeSize; i++) {
      batch.add(new Enrolled("s" + i % students, "c" + i % courses));
      if (batch.size() == 500 || i == storeSize - 1) {
        dcb.append(batch);
        batch = new ArrayList<>(500);
      }
    }
    double fillSeconds = (System.nanoTime() - fillStart) / 1e9;
    Random random = new Random(42);
    for (int i = 0; i < 50; i++) { // warm-up
      twoTagRead(dcb, random, courses, students);
    }
    int reads = 500;
    long[] nanos = new long[reads];
    long events = 0;
    for (int i = 0; i < reads; i++) {
      long start = System.nanoTime();
      events += twoTagRead(dcb, random, courses, students);
      nanos[i] = System.nanoTime() - start;
    }
    Arrays.sort(nanos);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Read of `course:c OR student:s` over %,d stored events (%,d tag rows; filled in %.0f s):"
            + " %d reads, %.0f events each on average, p50 %.2f ms, p99 %.2f ms.%n%n",
        storeSize,
        2L * storeSize,
        fillSeconds,
        reads,
        events / (double) reads,
        nanos[reads / 2] / 1e6,
        nanos[reads * 99 / 100] / 1e6);
  }

  private static int twoTagRead(DcbStore dcb, Random random, int courses, int students) {
    Query query = Query.of(
        QueryItem.tags("course:c" + random.nextInt(courses)),
        QueryItem.tags("student:s" + random.nextInt(students)));
    return dcb.read(query).events().size();
  }

  private void table(String title, String[] rows, double[][] values) {
    System.out.println(title + ":");
    System.out.println();
    System.out.println("| workload | plain appends/s | conditional appends/s | ratio | target |");
    System.out.println("| --- | ---: | ---: | ---: | --- |");
    for (int i = 0; i < rows.length; i++) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %,.0f | %.2f | >= 0.7 %s |%n",
          rows[i],
          values[i][0],
          values[i][1],
          values[i][2],
          values[i][2] >= 0.7 ? "met" : "MISSED");
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static double medianRatio(double[] numerator, double[] denominator) {
    double[] ratios = new double[numerator.length];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = numerator[i] / denominator[i];
    }
    return median(ratios);
  }

  /** Drops this run's tables (and PostgreSQL's and MariaDB's sequence, PostgreSQL's functions). */
  private void drop() throws Exception {
    if (!target.isH2()) {
      target.drop(prefix); // whatever the run made, by its prefix
      return;
    }
    try (Connection connection =
            DriverManager.getConnection(target.url(), target.user(), target.password());
        Statement statement = connection.createStatement()) {
      for (String table :
          List.of("event_tags", "events", "snapshots", "tracking", "checkpoints", "lock")) {
        statement.execute("DROP TABLE IF EXISTS \"" + prefix + table + "\"");
      }
    }
  }
}
