package dev.recount.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.process.ProcessApplication;
import dev.recount.projection.ProjectionRunner;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A projection catching up on a log of {@code events} events (accounts of 100 events), in events
 * per second, against {@link RawProjection} (the same read-transform-write in plain JDBC, a
 * position update per batch) and against a {@link ProcessApplication} follower (one transaction and
 * one tracking row per notification, its policy writing nothing: a bound in its favour); then the
 * lag of a live projection under sustained writes. Rounds alternate which contender goes first;
 * ratios are medians of round-by-round ratios. Run with {@code java -jar benchmarks.jar projections
 * [h2|postgres] [events]}.
 */
final class ProjectionBenchmark {
  private static final int BATCH = 500;
  private static final int ROUNDS = 3;
  private static final int EVENTS_PER_ACCOUNT = 100;

  private final Target target;
  private final int events;

  ProjectionBenchmark(Target target, int events) {
    this.target = target;
    this.events = events;
  }

  void run() throws Exception {
    target.reset();
    String logPrefix = Target.PREFIX + "proj_";
    try (Application app = application(logPrefix);
        HikariDataSource pool = RawJdbcContender.pool(target, 4)) {
      long start = System.nanoTime();
      seed(app);
      System.out.printf(
          Locale.ROOT,
          "Seeded %,d events in %.1f s.%n%n",
          app.log().maxId(),
          (System.nanoTime() - start) / 1e9);
      System.out.println("| round | ProjectionRunner events/s | raw JDBC events/s | ratio |");
      System.out.println("| --- | ---: | ---: | ---: |");
      List<Double> ratios = new ArrayList<>();
      List<Double> runnerRates = new ArrayList<>();
      for (int round = 0; round < ROUNDS; round++) {
        double runner;
        double raw;
        if (round % 2 == 0) {
          runner = runner(app, pool, round);
          raw = raw(pool, logPrefix, round);
        } else {
          raw = raw(pool, logPrefix, round);
          runner = runner(app, pool, round);
        }
        runnerRates.add(runner);
        ratios.add(runner / raw);
        System.out.printf(
            Locale.ROOT, "| %d | %,.0f | %,.0f | %.2f |%n", round + 1, runner, raw, runner / raw);
      }
      System.out.printf(
          Locale.ROOT,
          "%nProjectionRunner / raw JDBC, median of rounds: %.2f (target >= 0.8)%n",
          median(ratios));
      double process = processApplication(app);
      System.out.printf(
          Locale.ROOT,
          "ProcessApplication (one transaction per notification, policy writes nothing): %,.0f"
              + " events/s; ProjectionRunner / ProcessApplication: %.1f (target >= 10)%n",
          process,
          median(runnerRates) / process);
      lag(app, pool);
      System.out.printf(
          Locale.ROOT,
          "%nLoad average at the end: %.1f%n",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private Application application(String prefix) {
    return Application.builder()
        .dbUri(target.url())
        .dbUser(target.user())
        .dbPassword(target.password())
        .tablePrefix(prefix)
        .hashChain(false)
        .poolSize(4)
        .build();
  }

  private void seed(Application app) {
    AccountRepository accounts = AccountRepository.of(app);
    for (int stored = 0; stored < events; stored += EVENTS_PER_ACCOUNT) {
      Account account = Account.open(UUID.randomUUID(), "owner " + stored);
      for (int i = 1; i < Math.min(EVENTS_PER_ACCOUNT, events - stored); i++) {
        account.deposit(i, "reference " + i);
      }
      accounts.save(account);
    }
  }

  /** The runner's catch-up on the whole log into fresh tables: events per second. */
  private double runner(Application app, HikariDataSource pool, int round) {
    String prefix = Target.PREFIX + "proj_runner" + round + "_";
    ProjectionRunner runner = ProjectionRunner.builder(
            new Balances(prefix + "balances", null), pool)
        .follow(app)
        .batchSize(BATCH)
        .tablePrefix(prefix)
        .build();
    runner.generation();
    long start = System.nanoTime();
    long applied = runner.catchUp();
    double seconds = (System.nanoTime() - start) / 1e9;
    check(applied);
    return applied / seconds;
  }

  private double raw(HikariDataSource pool, String logPrefix, int round) throws Exception {
    RawProjection raw = new RawProjection(
        pool, "\"" + logPrefix + "events\"", Target.PREFIX + "proj_raw" + round, BATCH);
    long start = System.nanoTime();
    long applied = raw.catchUp();
    double seconds = (System.nanoTime() - start) / 1e9;
    check(applied);
    return applied / seconds;
  }

  private void check(long applied) {
    if (applied != events) {
      throw new IllegalStateException("applied " + applied + " of " + events + " events");
    }
  }

  /** A process application's rate on the last notifications of the log (at most 10,000). */
  private double processApplication(Application app) {
    int sample = Math.min(events, 10_000);
    try (Application follower = application(Target.PREFIX + "proj_process_")) {
      ProcessApplication process = ProcessApplication.builder("bench-follower", follower)
          .follow("accounts", app.log())
          .startAfter("accounts", app.log().maxId() - sample)
          .policy((notification, unit) -> {})
          .build();
      long start = System.nanoTime();
      int processed = process.pull();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (processed != sample) {
        throw new IllegalStateException("processed " + processed + " of " + sample);
      }
      return processed / seconds;
    }
  }

  /**
   * A live runner while a writer saves one-event deposits as fast as one thread can (each save a
   * commit) for 10 s: how long after each event's timestamp (taken before its save commits) the
   * projection applied it.
   */
  private void lag(Application app, HikariDataSource pool) throws Exception {
    String prefix = Target.PREFIX + "proj_live_";
    List<Long> lags = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean recording = new AtomicBoolean(false);
    try (ProjectionRunner runner = ProjectionRunner.builder(
            new Balances(prefix + "balances", micros -> {
              if (recording.get()) {
                lags.add(micros);
              }
            }),
            pool)
        .follow(app)
        .batchSize(BATCH)
        .tablePrefix(prefix)
        .build()) {
      runner.catchUp();
      runner.start();
      recording.set(true);
      AccountRepository accounts = AccountRepository.of(app);
      Account account = Account.open(UUID.randomUUID(), "live");
      accounts.save(account);
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      long position = 0;
      int saves = 0;
      while (System.nanoTime() < end) {
        account.deposit(1, "live");
        position = accounts.save(account);
        saves++;
      }
      runner.awaitProcessed(position, Duration.ofSeconds(60));
      recording.set(false);
      List<Long> sorted = new ArrayList<>(lags);
      Collections.sort(sorted);
      System.out.printf(
          Locale.ROOT,
          "Live lag under sustained writes (%d one-event saves in 10 s, %.0f/s, one writer"
              + " thread): p50 %.1f ms, p99 %.1f ms, max %.1f ms over %d events%n",
          saves,
          saves / 10.0,
          percentile(sorted, 0.50) / 1000.0,
          percentile(sorted, 0.99) / 1000.0,
          sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0,
          sorted.size());
    }
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    return sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
