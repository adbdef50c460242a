package dev.recount.benchmarks;

import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.process.LeasedFollower;
import dev.recount.process.ProcessApplication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What scaling a follower out costs and gives: {@code java -jar benchmarks.jar leases
 * [h2|postgres|mariadb]}. Three parts, on one database (H2 served over TCP from this JVM,
 * PostgreSQL or MariaDB):
 *
 * <ul>
 *   <li><b>throughput</b>: a follower that stores one new aggregate per upstream event processes a
 *       backlog of {@code -Dleases.events} (default 2,000) events, as a plain
 *       {@code ProcessApplication.pull()} in one thread (no leases, no fence: the baseline) and as
 *       a {@link LeasedFollower} with 1, 2 and 4 segments (a worker thread each), each on tables of
 *       its own; {@code -Dleases.rounds} rounds (default 3) in a rotating order, median events/s
 *       and its ratio to the baseline;
 *   <li><b>takeover</b>: two instances of a one-segment follower in child JVMs; the holder is
 *       killed with SIGKILL {@code -Dleases.kills} times (default 5) and the time until the other
 *       holds the lease is measured by reading the leases table every 5 ms (lease
 *       {@code -Dleases.lease} ms, default 2,000, renewed every quarter of it);
 *   <li><b>lag</b>: a started {@link LeasedFollower} with 1, 2 and 4 segments, prompted by the
 *       upstream's saves in this JVM, while one thread opens {@code -Dleases.rate} accounts a
 *       second (default 50) for {@code -Dleases.seconds} (default 10): for each event, the time
 *       from its timestamp (taken before its save commits) to the follower's policy seeing it.
 * </ul>
 */
final class LeasesBenchmark {
  private static final String UPSTREAM = "accounts";

  private final String url;
  private final String user;
  private final String password;
  private final String name;
  private final int events = Integer.getInteger("leases.events", 2000);
  private final int rounds = Integer.getInteger("leases.rounds", 3);
  private final int kills = Integer.getInteger("leases.kills", 5);
  private final long leaseMillis = Long.getLong("leases.lease", 2000);
  private final int rate = Integer.getInteger("leases.rate", 50);
  private final int seconds = Integer.getInteger("leases.seconds", 10);
  private final String prefix =
      Target.PREFIX + "lease_" + Long.toHexString(System.nanoTime()) + "_";
  private int tables;
  private long upstreamEvents;

  LeasesBenchmark(String name, String url, String user, String password) {
    this.name = name;
    this.url = url;
    this.user = user;
    this.password = password;
  }

  /** The benchmark on H2 served over TCP from this JVM (so that child JVMs reach it). */
  static void onH2() throws Exception {
    Path dir = Files.createTempDirectory("recount-bench-leases");
    org.h2.tools.Server server = org.h2.tools.Server.createTcpServer(
            "-tcpPort", "0", "-baseDir", dir.toString(), "-ifNotExists")
        .start();
    try {
      new LeasesBenchmark(
              "H2 2.3 (file, over TCP on loopback)",
              "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/leases;DB_CLOSE_DELAY=-1",
              "sa",
              "")
          .run();
    } finally {
      server.stop();
    }
  }

  static void onPostgres() throws Exception {
    Target target = Target.postgres();
    new LeasesBenchmark(target.name(), target.url(), target.user(), target.password()).run();
  }

  /** The benchmark on MariaDB: {@code BENCH_MARIADB_URL}, {@code BENCH_MARIADB_USER}, ... */
  static void onMariaDb() throws Exception {
    Target target = Target.mariadb();
    new LeasesBenchmark(target.name(), target.url(), target.user(), target.password()).run();
  }

  void run() throws Exception {
    System.out.printf(
        Locale.ROOT,
        "Leases on %s: %d events per measurement, %d rounds, load average %.1f at the start.%n",
        name,
        events,
        rounds,
        loadAverage());
    try (Application upstream = app(prefix + "up_")) {
      for (int i = 0; i < events; i++) {
        upstream.save(Account.open(UUID.randomUUID(), "owner-" + i));
      }
      upstreamEvents = events;
      throughput(upstream);
      lag(upstream);
    }
    takeover();
    System.out.printf(Locale.ROOT, "Load average at the end: %.1f.%n", loadAverage());
    dropAll();
  }

  private void throughput(Application upstream) throws Exception {
    List<Integer> settings = List.of(0, 1, 2, 4); // 0: the plain pull, no leases
    Map<Integer, List<Double>> rates = new LinkedHashMap<>();
    settings.forEach(setting -> rates.put(setting, new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int i = 0; i < settings.size(); i++) {
        int setting = settings.get((i + round) % settings.size());
        rates.get(setting).add(measure(upstream, setting));
      }
    }
    double baseline = median(rates.get(0));
    System.out.println();
    System.out.println("| follower | events/s (median) | ratio to the plain pull | rounds |");
    System.out.println("| --- | ---: | ---: | --- |");
    for (Map.Entry<Integer, List<Double>> entry : rates.entrySet()) {
      double rate = median(entry.getValue());
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.2f | %s |%n",
          entry.getKey() == 0
              ? "plain pull, one thread"
              : "LeasedFollower, " + entry.getKey() + " segment(s)",
          rate,
          rate / baseline,
          entry.getValue().stream()
              .map(r -> String.format(Locale.ROOT, "%.0f", r))
              .toList());
    }
  }

  /** Events per second to process the whole upstream log with this setting, on fresh tables. */
  private double measure(Application upstream, int segments) throws Exception {
    String tablePrefix = prefix + "f" + (tables++) + "_";
    try (Application follower = app(tablePrefix)) {
      ProcessApplication process = ProcessApplication.builder("follower", follower)
          .follow(UPSTREAM, upstream.log())
          .policy(LeasesBenchmark::react)
          .build();
      long start = System.nanoTime();
      if (segments == 0) {
        process.pull();
      } else {
        LeasedFollower leased = LeasedFollower.builder(process)
            .segments(segments)
            .instance("bench")
            .leaseDuration(Duration.ofMillis(leaseMillis))
            .renewInterval(Duration.ofMillis(leaseMillis / 4))
            .pollInterval(Duration.ofMillis(10))
            .build()
            .start();
        try {
          while (tracked(tablePrefix) < events) {
            Thread.sleep(5);
          }
        } finally {
          leased.stop();
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      return events / seconds;
    }
  }

  private static void react(Notification notification, dev.recount.process.ProcessingUnit unit) {
    if (notification.event() instanceof Account.Opened opened) {
      unit.save(Account.open(UUID.randomUUID(), opened.owner()));
    }
  }

  /**
   * Live followers while one writer opens accounts at a steady rate: the time from each event's
   * timestamp to the follower's policy, by number of segments, each on fresh tables.
   */
  private void lag(Application upstream) throws Exception {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Lag of a live LeasedFollower while one thread opens %d accounts a second for %d s (from"
            + " each event's timestamp, taken before its save commits, to the policy):%n%n",
        rate,
        seconds);
    System.out.println("| follower | events | p50 | p99 | max |");
    System.out.println("| --- | ---: | ---: | ---: | ---: |");
    for (int segments : List.of(1, 2, 4)) {
      String tablePrefix = prefix + "l" + (tables++) + "_";
      List<Long> lags = Collections.synchronizedList(new ArrayList<>());
      long from = upstream.log().maxId();
      int written = 0;
      try (Application follower = app(tablePrefix)) {
        ProcessApplication process = ProcessApplication.builder("follower", follower)
            .follow(UPSTREAM, upstream.log())
            .policy((notification, unit) -> {
              if (notification.id() > from) {
                lags.add(Duration.between(notification.timestamp(), java.time.Instant.now())
                    .toNanos());
              }
              react(notification, unit);
            })
            .build();
        LeasedFollower leased = LeasedFollower.builder(process)
            .segments(segments)
            .instance("bench")
            .leaseDuration(Duration.ofMillis(leaseMillis))
            .renewInterval(Duration.ofMillis(leaseMillis / 4))
            .prompt(UPSTREAM, upstream)
            .build()
            .start();
        try {
          while (tracked(tablePrefix) < upstreamEvents) { // the backlog first, not timed
            Thread.sleep(5);
          }
          long interval = 1_000_000_000L / rate;
          long start = System.nanoTime();
          for (long next = start;
              System.nanoTime() - start < seconds * 1_000_000_000L;
              next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            upstream.save(Account.open(UUID.randomUUID(), "live"));
            written++;
          }
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (lags.size() < written && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
          }
        } finally {
          leased.stop();
        }
      }
      List<Long> sorted = new ArrayList<>(lags);
      Collections.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "| LeasedFollower, %d segment(s) | %d of %d | %.1f ms | %.1f ms | %.1f ms |%n",
          segments,
          sorted.size(),
          written,
          percentile(sorted, 0.50) / 1e6,
          percentile(sorted, 0.99) / 1e6,
          sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
      upstreamEvents += written; // the next follower works off these too
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
  }

  private long tracked(String tablePrefix) throws Exception {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT COUNT(*) FROM " + q(tablePrefix + "tracking") + " WHERE "
                + q("upstream_name") + " = '" + UPSTREAM + "'")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private void takeover() throws Exception {
    String tablePrefix = prefix + "t_";
    // Made here once, so that the children do not race to create the tables.
    try (Application follower = app(tablePrefix)) {
      dev.recount.process.Leases.of(follower, Duration.ofMillis(leaseMillis));
    }
    List<Process> children = new ArrayList<>();
    List<Double> millis = new ArrayList<>();
    try {
      for (int i = 0; i < 2; i++) {
        children.add(child(tablePrefix, "i" + i));
      }
      int next = 2;
      for (int kill = 0; kill < kills; kill++) {
        String holder = awaitHolder(tablePrefix, null);
        Process victim = children.get(Integer.parseInt(holder.substring(1)));
        long killed = System.nanoTime();
        victim.destroyForcibly();
        awaitHolder(tablePrefix, holder);
        millis.add((System.nanoTime() - killed) / 1e6);
        victim.waitFor();
        children.add(child(tablePrefix, "i" + next++));
      }
    } finally {
      children.forEach(Process::destroyForcibly);
    }
    Collections.sort(millis);
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "Takeover after SIGKILL of the holder (lease %d ms, renewed every %d ms), %d kills:"
            + " p50 %.0f ms, max %.0f ms (all: %s).%n",
        leaseMillis,
        leaseMillis / 4,
        millis.size(),
        median(millis),
        millis.get(millis.size() - 1),
        millis.stream().map(m -> String.format(Locale.ROOT, "%.0f", m)).toList());
  }

  /** The live holder of segment 0 once there is one other than {@code not}. */
  private String awaitHolder(String tablePrefix, String not) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    String now = url.startsWith("jdbc:postgresql:")
        ? "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)"
        : isMariaDb()
            ? "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)"
            : "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT)";
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      while (System.nanoTime() - deadline < 0) {
        try (ResultSet rows = statement.executeQuery("SELECT " + q("holder") + " FROM "
            + q(tablePrefix + "leases") + " WHERE " + q("name") + " = 'follower' AND "
            + q("segment") + " = 0 AND " + q("holder") + " IS NOT NULL AND " + q("expires_us")
            + " > " + now)) {
          if (rows.next() && !rows.getString(1).equals(not)) {
            return rows.getString(1);
          }
        }
        Thread.sleep(5);
      }
    }
    throw new IllegalStateException("no instance took the lease over in 60 s");
  }

  private Process child(String tablePrefix, String instance) throws Exception {
    Process process = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx256m",
            "-cp",
            System.getProperty("java.class.path"),
            LeasesBenchmark.class.getName(),
            url,
            user,
            password.isEmpty() ? "-" : password,
            prefix + "up_",
            tablePrefix,
            instance,
            Long.toString(leaseMillis))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line = out.readLine();
    if (!"ready".equals(line)) {
      throw new IllegalStateException(instance + " did not start: " + line);
    }
    return process;
  }

  /** A child: one instance of the one-segment follower, until killed. */
  public static void main(String[] args) throws Exception {
    String password = args[2].equals("-") ? "" : args[2];
    Application upstream = Application.builder()
        .dbUri(args[0])
        .dbUser(args[1])
        .dbPassword(password)
        .tablePrefix(args[3])
        .readOnly(true)
        .build();
    Application follower = Application.builder()
        .dbUri(args[0])
        .dbUser(args[1])
        .dbPassword(password)
        .tablePrefix(args[4])
        .build();
    long lease = Long.parseLong(args[6]);
    ProcessApplication process = ProcessApplication.builder("follower", follower)
        .follow(UPSTREAM, upstream.log())
        .policy(LeasesBenchmark::react)
        .build();
    LeasedFollower.builder(process)
        .instance(args[5])
        .leaseDuration(Duration.ofMillis(lease))
        .renewInterval(Duration.ofMillis(lease / 4))
        .build()
        .start();
    System.out.println("ready");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }

  private Application app(String tablePrefix) {
    return Application.builder()
        .dbUri(url)
        .dbUser(user)
        .dbPassword(password)
        .tablePrefix(tablePrefix)
        .build();
  }

  /** Drops what the run made: its tables, and on PostgreSQL and MariaDB its sequences and more. */
  private void dropAll() {
    try {
      if (url.startsWith("jdbc:h2:")) {
        dropH2Tables();
      } else {
        Target.drop(url, user, password, prefix);
      }
    } catch (Exception e) {
      System.err.println("could not drop the tables " + prefix + "*: " + e.getMessage());
    }
  }

  private void dropH2Tables() throws SQLException {
    String like = prefix.replace("_", "\\_") + "%";
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      List<String> drops = new ArrayList<>();
      try (ResultSet rows =
          connection.getMetaData().getTables(null, null, like, new String[] {"TABLE"})) {
        while (rows.next()) {
          drops.add("DROP TABLE IF EXISTS " + q(rows.getString("TABLE_NAME")) + " CASCADE");
        }
      }
      for (String drop : drops) {
        statement.execute(drop);
      }
    }
  }

  private boolean isMariaDb() {
    return url.startsWith("jdbc:mariadb:");
  }

  /** An identifier quoted for this database. */
  private String q(String identifier) {
    return isMariaDb() ? "`" + identifier + "`" : "\"" + identifier + "\"";
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
