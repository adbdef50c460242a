package dev.recount.benchmarks;

import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Runs the benchmarks: {@code java -jar benchmarks/target/benchmarks.jar [h2|postgres|all]}, or
 * those of the integrity checks: {@code ... integrity [h2|postgres]} ({@link IntegrityBenchmark}),
 * or a projection's catch-up and lag: {@code ... projections [h2|postgres] [events]}
 * ({@link ProjectionBenchmark}).
 *
 * <p>A plain harness rather than JMH: each workload is a unit of work against a database (a commit,
 * a replay, a page of the log) lasting milliseconds, so JMH's protection against dead-code
 * elimination and its nanosecond machinery add nothing, while three contenders sharing one database
 * and its accumulated rows need interleaved rounds and shared state that JMH's forked,
 * per-benchmark lifecycle makes awkward. Warm-up rounds, several timed iterations and the median
 * keep the figures steady; allocation comes from HotSpot's per-thread counters.
 *
 * <p>The contenders, all on the same database with a pool of 10 connections (HikariCP):
 *
 * <ul>
 *   <li>Recount: an {@code Application} and the generated {@code AccountRepository}: {@code save}
 *       per command, {@code get} per load, {@code app.log().select} for pages of the log.
 *   <li>raw JDBC: the same tables (the library's DDL) and byte-identical rows, written and read
 *       with plain PreparedStatements, jackson-core, javax.crypto and MessageDigest by hand
 *       ({@link RawJdbcContender}). For concurrent appends, it inserts with ids from a sequence and
 *       no lock: the limit, not a correct log.
 *   <li>Axon: Axon Framework 4's JdbcEventStorageEngine with its Jackson serializer and its own
 *       tables ({@link AxonContender}); it neither hashes nor encrypts, so it runs only in the rows
 *       with hash+enc off.
 * </ul>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("integrity")) {
      Target target =
          args.length > 1 && args[1].equals("postgres") ? Target.postgres() : Target.h2();
      System.out.println(
          "| " + target.name() + " | Recount events/s | raw JDBC events/s | ratio |" + " target |");
      System.out.println("| --- | ---: | ---: | ---: | --- |");
      // A third argument, audit or signing, runs that part alone (for profiling).
      IntegrityBenchmark.run(target, args.length > 2 ? args[2] : "all");
      return;
    }
    String which = args.length == 0 ? "all" : args[0].toLowerCase(Locale.ROOT);
    if (which.equals("leases")) {
      // java -jar benchmarks.jar leases [h2|postgres|mariadb]: scaled-out followers.
      printMachine();
      if (args.length > 1 && args[1].equalsIgnoreCase("postgres")) {
        LeasesBenchmark.onPostgres();
      } else if (args.length > 1 && args[1].equalsIgnoreCase("mariadb")) {
        LeasesBenchmark.onMariaDb();
      } else {
        LeasesBenchmark.onH2();
      }
      return;
    }
    if (which.equals("keys")) {
      // java -jar benchmarks.jar keys [h2|postgres]: what named and per-aggregate keys cost.
      String on = args.length > 1 ? args[1].toLowerCase(Locale.ROOT) : "h2";
      printMachine();
      new KeysBenchmark(on.equals("postgres") ? Target.postgres() : Target.h2()).run();
      return;
    }
    if (which.equals("projections")) {
      // java -jar benchmarks.jar projections [h2|postgres] [events]
      String on = args.length > 1 ? args[1].toLowerCase(Locale.ROOT) : "h2";
      int events = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
      printMachine();
      new ProjectionBenchmark(on.equals("postgres") ? Target.postgres() : Target.h2(), events)
          .run();
      return;
    }
    List<Target> targets = new ArrayList<>();
    switch (which) {
      case "h2" -> targets.add(Target.h2());
      case "postgres" -> targets.add(Target.postgres());
      case "all" -> {
        targets.add(Target.h2());
        targets.add(Target.postgres());
      }
      default -> {
        System.err.println("usage: java -jar benchmarks.jar [h2|postgres|all | keys [h2|postgres]"
            + " | projections [h2|postgres] [events] | leases [h2|postgres|mariadb]]");
        System.exit(2);
      }
    }
    printHeader();
    Report report = new Report(System.out);
    for (Target target : targets) {
      long start = System.nanoTime();
      System.err.println("running on " + target.name() + "...");
      Results results = new BenchmarkRun(target).run();
      System.out.println();
      System.out.println("Database: " + databaseVersion(target) + "; "
          + target.sizes().describe() + ". Run took "
          + (System.nanoTime() - start) / 1_000_000_000 + " s; load average at the end "
          + String.format(
              Locale.ROOT,
              "%.1f",
              ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
          + " (other processes on the machine slow every"
          + " contender alike; ratios are medians of round-by-round ratios).");
      System.out.println();
      System.out.println("Warm-up rounds (at least " + target.sizes().warmups() + ", and until"
          + " each contender has run 1 s untimed): "
          + results.warmups.entrySet().stream()
              .map(e -> e.getKey().title + " (" + e.getValue() + ")")
              .collect(Collectors.joining("; "))
          + ".");
      report.print(target, results);
    }
  }

  private static void printHeader() {
    System.out.println("## Recount benchmarks");
    System.out.println();
    printMachine();
    System.out.println();
    System.out.println(
        "Contenders, on the same database, each with a HikariCP pool of 9 (8 writers and a follower):");

    System.out.println("- Recount: Application + generated AccountRepository (save per command,"
        + " get per load, app.log().select per page).");
    System.out.println("- raw JDBC: the library's tables and byte-identical rows (checked: each"
        + " replays the other's), plain PreparedStatement batches, one transaction per save,"
        + " jackson-core JSON, the same SHA-256 chain and AES-256-GCM when on; a save takes the"
        + " same lock row and MAX(notification_id) as the library's recorder does today; for"
        + " concurrent append it inserts with ids from a sequence and no lock (no ordering"
        + " guarantee: the limit).");
    System.out.println("- Axon: Axon Framework 4.13 JdbcEventStorageEngine, Jackson serializer,"
        + " its own tables, one unit of work (one commit) per save, events applied to a"
        + " hand-written state; no hashing or encryption, so only in the hash+enc off rows.");
    System.out.println("- Events/s counts the events saved, replayed or read (a 10,000-event load"
        + " counts 10,000 whether from snapshot or not); B/ev is bytes allocated per event by the"
        + " working threads.");
  }

  private static void printMachine() {
    Runtime runtime = Runtime.getRuntime();
    System.out.printf(
        Locale.ROOT,
        "Machine: %d cores, %.1f GiB max heap, %s %s; Java %s (%s).%n",
        runtime.availableProcessors(),
        runtime.maxMemory() / (1024.0 * 1024 * 1024),
        System.getProperty("os.name"),
        System.getProperty("os.arch"),
        System.getProperty("java.version"),
        ManagementFactory.getRuntimeMXBean().getVmName());
  }

  private static String databaseVersion(Target target) {
    try (Connection connection =
        DriverManager.getConnection(target.url(), target.user(), target.password())) {
      DatabaseMetaData meta = connection.getMetaData();
      return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion();
    } catch (Exception e) {
      return target.name();
    }
  }
}
