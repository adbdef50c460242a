package dev.recount.examples.crash;

import dev.recount.Application;
import dev.recount.examples.bank.Bank;
import dev.recount.testing.ChildJvm;
import dev.recount.testing.DatabaseServer;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Kills a writer JVM ({@link TransferWriter}) with SIGKILL again and again on one database (an H2
 * file, or tables of their own on PostgreSQL or MariaDB), and after each kill opens the database
 * and checks what a crash must never break:
 *
 * <ul>
 *   <li>the bank's total balance: every save keeps it, so a save kept in part moves it;
 *   <li>no two events share an (aggregate id, version), nor a notification id;
 *   <li>each aggregate's versions run 1, 2, 3... without a gap;
 *   <li>notification ids run 1..N without a gap (on H2, whose ids are gap-free);
 *   <li>{@code Application.audit()} passes;
 *   <li>where the database promises it (PostgreSQL, MariaDB, and an H2 file with Recount's default
 *       settings), every save that had returned before the writer's last report is stored: the kill
 *       may lose the saves in flight, not those already committed.
 * </ul>
 *
 * <p>A round ends at the first kill after which an invariant is broken, or after {@code maxKills}
 * kills, or when its time is up. {@link #main} runs several rounds and prints counts, for trying
 * variants (H2 versions on the class path, URL settings, writer threads); {@link KilledWriterTest}
 * runs one bounded round per database.
 */
public final class KillLoop {
  /**
   * Where the writer writes: an H2 file database, or a server database with tables of the round's
   * own prefix.
   */
  public record Target(
      DatabaseServer.Kind kind,
      String url,
      String user,
      String password,
      String tablePrefix,
      Path h2File) {
    /** An H2 file database in {@code directory}, with H2 settings after the file name. */
    public static Target h2File(Path directory, String urlSettings) {
      Path base = directory.resolve("bank").toAbsolutePath();
      return new Target(
          DatabaseServer.Kind.H2,
          "jdbc:h2:file:" + base + urlSettings,
          null,
          null,
          "recount_",
          directory.resolve("bank.mv.db"));
    }

    /** Tables of a new prefix on {@code server}; the caller drops them ({@link #tablePrefix}). */
    public static Target server(DatabaseServer server) {
      return new Target(
          server.kind(),
          server.url(),
          server.user(),
          server.password(),
          DatabaseServer.newPrefix("crash"),
          null);
    }

    Application.Builder application() {
      return Application.builder()
          .dbUri(url)
          .dbUser(user)
          .dbPassword(password)
          .tablePrefix(tablePrefix);
    }

    String events() {
      String name = tablePrefix + "events";
      return kind == DatabaseServer.Kind.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
    }

    String column(String name) {
      return kind == DatabaseServer.Kind.MARIADB ? "`" + name + "`" : "\"" + name + "\"";
    }

    /**
     * Whether a save whose commit returned survives the writer's death: on a server, yes; on an H2
     * file, with Recount's default (a store at each commit), unless the URL chose H2's background
     * writer ({@code WRITE_DELAY} other than 0), which writes up to {@code WRITE_DELAY} late.
     */
    boolean committedSavesSurvive() {
      if (kind != DatabaseServer.Kind.H2) {
        return true;
      }
      java.util.regex.Matcher delay = java.util.regex.Pattern.compile(
              "(?i);\\s*WRITE_DELAY\\s*=\\s*([^;]*)")
          .matcher(url);
      String value = null;
      while (delay.find()) {
        value = delay.group(1).trim();
      }
      return value == null || value.equals("0");
    }

    /** Only H2's ids are gap-free: the sequences of PostgreSQL and MariaDB burn a failed save's. */
    boolean gapFreeIds() {
      return kind == DatabaseServer.Kind.H2;
    }

    List<String> writerArguments() {
      return List.of(url, orDash(user), orDash(password), tablePrefix);
    }

    private static String orDash(String value) {
      return value == null || value.isEmpty() ? "-" : value;
    }
  }

  /** What one round does. */
  public record Settings(
      int accounts,
      int transferThreads,
      int roundTripThreads,
      String urlSettings,
      int maxKills,
      Duration budget,
      int maxDelayMillis) {}

  /** What one round found: kills made, and the broken invariants after the last (if any). */
  public record Outcome(int kills, List<String> violations, long events, String url) {
    public boolean broken() {
      return !violations.isEmpty();
    }
  }

  private static final BigDecimal OPENING_DEPOSIT = BigDecimal.valueOf(1000);

  private KillLoop() {}

  /** One round on a new H2 file database in {@code directory}. */
  public static Outcome round(Path directory, Settings settings, Random random, boolean verbose)
      throws Exception {
    return round(Target.h2File(directory, settings.urlSettings()), settings, random, verbose);
  }

  /** One round on {@code target}, which has no tables of its prefix yet. */
  public static Outcome round(Target target, Settings settings, Random random, boolean verbose)
      throws Exception {
    String url = target.url();
    List<UUID> accounts = new ArrayList<>();
    try (Application application = target.application().build()) {
      Bank bank = new Bank(application);
      for (int i = 0; i < settings.accounts(); i++) {
        UUID account = bank.openAccount(
            "holder " + i, "holder" + i + "@example.com", BigDecimal.valueOf(1_000_000));
        bank.deposit(account, OPENING_DEPOSIT);
        accounts.add(account);
      }
    }
    BigDecimal total = OPENING_DEPOSIT.multiply(BigDecimal.valueOf(settings.accounts()));
    List<String> args = new ArrayList<>(target.writerArguments());
    args.add(Integer.toString(settings.transferThreads()));
    args.add(Integer.toString(settings.roundTripThreads()));
    accounts.forEach(account -> args.add(account.toString()));

    long deadline = System.nanoTime() + settings.budget().toNanos();
    int kills = 0;
    long events = count(target);
    while (kills < settings.maxKills() && System.nanoTime() < deadline) {
      long before = events;
      int delay = random.nextInt(settings.maxDelayMillis() + 1);
      String stderr;
      try (ChildJvm writer =
          ChildJvm.start("writer", TransferWriter.class.getName(), args.toArray(String[]::new))) {
        String line;
        try {
          line = writer.expectLine(Duration.ofSeconds(Integer.getInteger("readySeconds", 120)));
        } catch (AssertionError slow) {
          // Slow start under load, or a writer stuck in the database: its threads say which.
          throw new AssertionError(
              slow.getMessage() + "\nthe writer's threads:\n" + threads(writer));
        }
        if (!line.equals("ready")) {
          throw new AssertionError("the writer printed " + line + "; stderr:\n" + writer.stderr());
        }
        Thread.sleep(delay);
        stderr = writer.stderr();
      } // close(): SIGKILL (destroyForcibly), then wait for the exit
      kills++;
      // The file as the kill left it, before H2 recovers it: to open again with another H2.
      Path file = target.h2File();
      if (file != null && Files.exists(file)) {
        Files.copy(file, file.resolveSibling("killed.mv.db"), StandardCopyOption.REPLACE_EXISTING);
      }
      List<String> violations = new ArrayList<>();
      events = check(target, accounts, total, violations);
      String stats = stderr
          .lines()
          .filter(line -> line.startsWith("stats: "))
          .reduce((first, second) -> second)
          .orElse("stats: none");
      long reported = TransferWriter.savesIn(stats);
      // Every save the writer made has two events; those it had counted before its last report
      // had returned, so their commits had too.
      if (target.committedSavesSurvive() && events >= 0 && events < before + 2 * reported) {
        violations.add("saves lost: " + events + " events stored, but " + before
            + " were there before the writer started and it had made " + reported
            + " saves (two events each) before its last report");
      }
      List<String> errors =
          stderr.lines().filter(line -> !line.startsWith("stats: ")).limit(5).toList();
      if (verbose) {
        System.out.printf(
            "kill %d after %d ms (%s): %d events%s%n",
            kills, delay, stats, events, violations.isEmpty() ? "" : " BROKEN " + violations);
      }
      if (!errors.isEmpty() && !violations.isEmpty()) {
        violations.add("the writer's stderr: " + errors);
      }
      if (!violations.isEmpty()) {
        return new Outcome(kills, violations, events, url);
      }
    }
    return new Outcome(kills, List.of(), events, url);
  }

  /** Checks every invariant, adding each broken one to {@code violations}; returns the events. */
  static long check(Target target, List<UUID> accounts, BigDecimal total, List<String> violations) {
    long rows = -1;
    String events = target.events();
    String id = target.column("notification_id");
    String aggregate = target.column("originator_id");
    String version = target.column("originator_version");
    // Plain SQL first, before the application opens the database (and runs its DDL).
    try (Connection connection =
            DriverManager.getConnection(target.url(), target.user(), target.password());
        Statement statement = connection.createStatement()) {
      rows = one(statement, "SELECT COUNT(*) FROM " + events);
      long distinctIds = one(statement, "SELECT COUNT(DISTINCT " + id + ") FROM " + events);
      long distinctVersions = one(
          statement,
          "SELECT COUNT(*) FROM (SELECT DISTINCT " + aggregate + ", " + version + " FROM " + events
              + ") AS keys_");
      long minId = one(statement, "SELECT COALESCE(MIN(" + id + "), 0) FROM " + events);
      long maxId = one(statement, "SELECT COALESCE(MAX(" + id + "), 0) FROM " + events);
      long gappy = one(
          statement,
          "SELECT COUNT(*) FROM (SELECT " + aggregate + ", MIN("
              + version + ") AS lo, MAX(" + version + ") AS hi, COUNT(*) AS n FROM " + events
              + " GROUP BY " + aggregate + ") AS aggregates_ WHERE lo <> 1 OR hi <> n");
      if (distinctIds != rows) {
        violations.add("notification ids: " + rows + " rows but " + distinctIds + " distinct");
      }
      if (distinctVersions != rows) {
        violations.add("(originator_id, originator_version): " + rows + " rows but "
            + distinctVersions + " distinct");
      }
      if (target.gapFreeIds() && rows > 0 && (minId != 1 || maxId != distinctIds)) {
        violations.add(
            "notification ids not 1.." + distinctIds + ": they run " + minId + ".." + maxId);
      }
      if (gappy != 0) {
        violations.add(gappy + " aggregate(s) whose versions do not run 1..n");
      }
    } catch (SQLException e) {
      violations.add("plain SQL failed: " + e);
      return rows;
    }
    try (Application application = target.application().build()) {
      try {
        application.audit();
      } catch (RuntimeException e) {
        violations.add("audit: " + e.getMessage());
      }
      Bank bank = new Bank(application);
      BigDecimal sum = BigDecimal.ZERO;
      for (UUID account : accounts) {
        sum = sum.add(bank.balance(account));
      }
      if (sum.compareTo(total) != 0) {
        violations.add("total balance " + sum.toPlainString() + ", not " + total.toPlainString());
      }
    } catch (RuntimeException e) {
      violations.add("the application failed: " + e);
    }
    return rows;
  }

  private static String threads(ChildJvm writer) {
    try {
      Process jcmd = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
              Long.toString(writer.pid()),
              "Thread.print")
          .redirectErrorStream(true)
          .start();
      String dump = new String(jcmd.getInputStream().readAllBytes());
      jcmd.waitFor();
      return dump;
    } catch (Exception e) {
      return "(no thread dump: " + e + ")";
    }
  }

  /** The events stored, before the first kill. */
  private static long count(Target target) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(target.url(), target.user(), target.password());
        Statement statement = connection.createStatement()) {
      return one(statement, "SELECT COUNT(*) FROM " + target.events());
    }
  }

  private static long one(Statement statement, String sql) throws SQLException {
    try (ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /**
   * Runs rounds and prints what each found. System properties: {@code rounds} (7), {@code kills}
   * per round (20), {@code seconds} per round (120), {@code transfers} (4) and {@code roundTrips}
   * (2) writer threads, {@code accounts} (20), {@code delay} (most milliseconds between the
   * writer's start and the kill, 1500), {@code url} (settings after the file name, such as
   * {@code ;WRITE_DELAY=500}, which runs H2 without Recount's default for H2 files), {@code seed},
   * {@code keep} (keep the directories of broken rounds) and {@code keepAll}.
   */
  public static void main(String[] args) throws Exception {
    int rounds = Integer.getInteger("rounds", 7);
    Settings settings = new Settings(
        Integer.getInteger("accounts", 20),
        Integer.getInteger("transfers", 4),
        Integer.getInteger("roundTrips", 2),
        System.getProperty("url", ""),
        Integer.getInteger("kills", 20),
        Duration.ofSeconds(Integer.getInteger("seconds", 120)),
        Integer.getInteger("delay", 1500));
    long seed = Long.getLong("seed", System.nanoTime());
    Random random = new Random(seed);
    System.out.println(
        "H2 " + org.h2.engine.Constants.FULL_VERSION + ", " + settings + ", seed " + seed);
    int broken = 0;
    int kills = 0;
    for (int round = 1; round <= rounds; round++) {
      Path directory = Files.createTempDirectory("recount-crash");
      Outcome outcome;
      try {
        outcome = round(directory, settings, random, Boolean.getBoolean("verbose"));
      } catch (Exception | AssertionError e) {
        // A writer that did not start (load) or got stuck: reported, and the next round runs.
        System.out.printf("round %d: did not run to its end (kept %s): %s%n", round, directory, e);
        continue;
      }
      kills += outcome.kills();
      if (outcome.broken()) {
        broken++;
      }
      System.out.printf(
          "round %d: %d kills, %d events, %s%n",
          round,
          outcome.kills(),
          outcome.events(),
          outcome.broken() ? "BROKEN " + outcome.violations() : "intact");
      if (outcome.broken() && Boolean.getBoolean("keep") || Boolean.getBoolean("keepAll")) {
        System.out.println("  kept " + directory);
      } else {
        deleteRecursively(directory);
      }
    }
    System.out.printf(
        "SUMMARY H2 %s url='%s' transfers=%d roundTrips=%d: %d rounds, %d kills," + " %d broken%n",
        org.h2.engine.Constants.FULL_VERSION,
        settings.urlSettings(),
        settings.transferThreads(),
        settings.roundTripThreads(),
        rounds,
        kills,
        broken);
  }

  static void deleteRecursively(Path directory) throws Exception {
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
