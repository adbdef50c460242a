package dev.recount.benchmarks;

import dev.recount.Application;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One database's run. Every workload runs in rounds, and each round runs every contender once in
 * both settings (hash+enc off and on) one after the other: on a shared machine the load from other
 * processes drifts over minutes, and interleaving makes each round's figures comparable, so that
 * ratios (Recount / raw, secure / plain) are taken round by round.
 */
final class BenchmarkRun {
  /** Eight writers and a follower, like the library's default pool of 10 less one. */
  private static final int POOL_SIZE = 9;
  /** For profiling one part: {@code -Dbench.only=load,memory,big,log,concurrent,follower}. */
  private static final List<String> ONLY =
      Arrays.asList(System.getProperty("bench.only", "").split(","));
  /** {@code -Dbench.unlocked=true}: one-event saves against raw JDBC without the lock too. */
  private static final boolean UNLOCKED_APPENDS = Boolean.getBoolean("bench.unlocked");
  /**
   * Untimed time each run gets before its timed rounds, at least: the JIT compiles the library's
   * longer call paths later than raw JDBC's, and two warm-up rounds of the cheapest workloads
   * (about 50 ms each) left the library's one-event saves partly interpreted in the timed rounds.
   */
  private static final long MIN_WARMUP_NANOS = 1_000_000_000L;
  /** Bounds the warm-up of a workload whose iterations are very short. */
  private static final int MAX_WARMUP_ROUNDS = 50;

  private final Target target;
  private final Sizes sizes;
  private final Results results = new Results();

  BenchmarkRun(Target target) {
    this.target = target;
    this.sizes = target.sizes();
  }

  /** The lanes of one setting. */
  private record Group(
      Security security,
      Lane<?> recount,
      Lane<?> recountCached,
      Lane<?> raw,
      Lane<?> rawUnordered,
      Lane<?> axon) {
    List<Lane<?>> main() {
      return axon == null ? List.of(recount, raw) : List.of(recount, raw, axon);
    }
  }

  Results run() throws Exception {
    target.reset();
    List<Lane<?>> lanes = new ArrayList<>();
    try {
      List<Group> groups = new ArrayList<>();
      for (Security security : Security.values()) {
        groups.add(group(lanes, security));
      }
      workloads(groups);
    } finally {
      for (Lane<?> lane : lanes) {
        lane.close();
      }
    }
    return results;
  }

  private Group group(List<Lane<?>> lanes, Security security) {
    String s = security == Security.PLAIN ? "p_" : "s_";
    String rc = Target.PREFIX + "rc_" + s;
    String raw = Target.PREFIX + "raw_" + s;
    int interval = sizes.snapshotInterval();
    Lane<?> recount = lane(
        lanes,
        security,
        new RecountContender(Results.RECOUNT, target, rc, security, 0, POOL_SIZE),
        new RecountContender(Results.RECOUNT, target, rc, security, interval, 1));
    // Load-change-save only: the same tables, with the aggregate cache on (big enough for the
    // accounts of one iteration).
    Lane<?> recountCached = lane(
        lanes,
        security,
        new RecountContender(
            Results.RECOUNT, target, rc, security, 0, POOL_SIZE, 2 * sizes.commands()),
        null);
    Lane<?> rawOrdered = lane(
        lanes,
        security,
        new RawJdbcContender(Results.RAW, target, raw, security, true, 0, POOL_SIZE),
        new RawJdbcContender(Results.RAW, target, raw, security, true, interval, 1));
    Lane<?> rawUnordered = lane(
        lanes,
        security,
        new RawJdbcContender(
            Results.RAW, target, Target.PREFIX + "rawu_" + s, security, false, 0, POOL_SIZE),
        null);
    Lane<?> axon = null;
    if (security == Security.PLAIN) {
      String prefix = Target.PREFIX + "axon_";
      axon = lane(
          lanes,
          security,
          new AxonContender(Results.AXON, target, prefix, 0, POOL_SIZE),
          new AxonContender(Results.AXON, target, prefix, interval, 1));
    }
    checkSameRows(security, rc, raw);
    return new Group(security, recount, recountCached, rawOrdered, rawUnordered, axon);
  }

  private void workloads(List<Group> groups) {
    List<Lane<?>> main = new ArrayList<>();
    for (Group group : groups) {
      main.addAll(group.main());
    }
    // Later workloads need the accounts that appending creates: it always runs.
    progress("append");
    measure(Workload.APPEND_NEW, main, Lane::appendNew);
    if (UNLOCKED_APPENDS) {
      // Raw JDBC without the lock row and MAX (ids from a sequence) in the same rounds: what a
      // harness whose raw inserts take no lock compares with.
      List<Run> runs = new ArrayList<>();
      for (Group group : groups) {
        for (Lane<?> lane : group.main()) {
          runs.add(new Run(Workload.APPEND_ONE, lane, lane::appendOne));
        }
        runs.add(new Run(Workload.APPEND_ONE, group.rawUnordered, Results.RAW_UNLOCKED, () -> {
          group.rawUnordered.createIfNone(sizes.eventsPerAccount());
          return group.rawUnordered.appendOne();
        }));
      }
      measure(runs);
    } else {
      measure(Workload.APPEND_ONE, main, Lane::appendOne);
    }
    if (progress("load")) {
      measure(Workload.LOAD, main, Lane::load);
    }
    if (progress("memory")) {
      for (Lane<?> lane : main) {
        double[] bytes = lane.memoryPerLoadedAccount(sizes.retainedAccounts());
        results
            .memory
            .computeIfAbsent(lane.security, s -> new LinkedHashMap<>())
            .put(lane.name, new Results.Memory(bytes[0], bytes[1]));
      }
    }
    if (progress("big")) {
      for (Lane<?> lane : main) {
        lane.createBigAccounts();
      }
      // With and without snapshots in the same rounds, for a speed-up measured under one load.
      List<Run> runs = new ArrayList<>();
      for (Lane<?> lane : main) {
        runs.add(new Run(Workload.LOAD_BIG, lane, () -> lane.loadBig(false)));
        runs.add(new Run(Workload.LOAD_BIG_SNAPSHOTS, lane, () -> lane.loadBig(true)));
      }
      measure(runs);
    }
    if (progress("log")) {
      for (Lane<?> lane : main) {
        lane.fillLog();
      }
      measure(Workload.LOG_READ, main, Lane::readLog);
    }
    if (progress("concurrent")) {
      List<Run> runs = new ArrayList<>();
      for (Group group : groups) {
        runs.add(new Run(Workload.CONCURRENT, group.recount, group.recount::concurrentAppend));
        runs.add(
            new Run(Workload.CONCURRENT, group.rawUnordered, group.rawUnordered::concurrentAppend));
        runs.add(new Run(Workload.CONCURRENT_LOCKED, group.raw, group.raw::concurrentAppend));
        if (group.axon != null) {
          runs.add(new Run(Workload.CONCURRENT, group.axon, group.axon::concurrentAppend));
        }
      }
      measure(runs);
      for (Group group : groups) {
        // The same Recount rounds, set against the raw contender that takes the lock row too.
        results.put(
            Workload.CONCURRENT_LOCKED,
            group.security,
            Results.RECOUNT,
            results.samples(Workload.CONCURRENT, group.security, Results.RECOUNT));
      }
    }
    if (progress("follower")) {
      follow(groups);
    }
    if (progress("command")) {
      for (Workload workload : Workload.values()) {
        if (!workload.isCommand()) {
          continue;
        }
        int events = workload.accountEvents;
        int commands = sizes.commands();
        // A full replay per command costs about events / 10 times more: fewer of them keep the
        // rounds short (throughput is per command, so the ratios stay comparable).
        int replaying = Math.max(Math.min(commands, 100), commands * 10 / events);
        List<Run> runs = new ArrayList<>();
        for (Group group : groups) {
          runs.add(new Run(
              workload,
              group.recountCached,
              Results.RECOUNT,
              () -> group.recountCached.command(events, commands)));
          runs.add(new Run(
              workload,
              group.recount,
              Results.NO_CACHE,
              () -> group.recount.command(events, replaying)));
          runs.add(
              new Run(workload, group.raw, Results.RAW, () -> group.raw.command(events, commands)));
        }
        measure(runs);
      }
    }
  }

  private void follow(List<Group> groups) {
    Map<Security, Map<String, List<Follower.Result>>> runs = new LinkedHashMap<>();
    for (int round = 0; round < sizes.warmups() + sizes.rounds(); round++) {
      for (Group group : groups) {
        List<Lane<?>> followed = new ArrayList<>(List.of(group.recount, group.rawUnordered));
        if (group.axon != null) {
          followed.add(group.axon);
        }
        for (Lane<?> lane : followed) {
          Follower.Result result = lane.follow();
          if (round >= sizes.warmups()) {
            runs.computeIfAbsent(group.security, s -> new LinkedHashMap<>())
                .computeIfAbsent(
                    lane == group.rawUnordered ? "raw JDBC (unordered)" : lane.name,
                    k -> new ArrayList<>())
                .add(result);
          }
        }
      }
    }
    runs.forEach((security, byName) -> {
      Map<String, Follower.Result> merged = new LinkedHashMap<>();
      byName.forEach((name, list) -> merged.put(name, Follower.Result.merge(list)));
      results.followers.put(security, merged);
    });
  }

  private <A> Lane<A> lane(
      List<Lane<?>> lanes, Security security, Contender<A> contender, Contender<A> snapshotting) {
    Lane<A> lane = new Lane<>(security, contender, snapshotting, sizes);
    lanes.add(lane);
    return lane;
  }

  private boolean progress(String what) {
    if (!ONLY.equals(List.of("")) && !ONLY.contains(what)) {
      return false;
    }
    System.err.printf("  [%s] %s...%n", target.name(), what);
    return true;
  }

  /** One contender's iteration of one workload, kept under {@code contender}'s name. */
  private record Run(
      Workload workload, Lane<?> lane, String contender, Supplier<Sample> iteration) {
    Run(Workload workload, Lane<?> lane, Supplier<Sample> iteration) {
      this(workload, lane, lane.name, iteration);
    }
  }

  private void measure(
      Workload workload, List<Lane<?>> lanes, Function<Lane<?>, Sample> iteration) {
    List<Run> runs = new ArrayList<>();
    for (Lane<?> lane : lanes) {
      runs.add(new Run(workload, lane, () -> iteration.apply(lane)));
    }
    measure(runs);
  }

  /**
   * Runs every run once per round, in order; keeps the timed rounds' samples. Warm-up rounds go on
   * past {@link Sizes#warmups} until each run has spent {@link #MIN_WARMUP_NANOS} in them.
   */
  private void measure(List<Run> runs) {
    Map<Run, Long> warmedUp = new LinkedHashMap<>();
    int warmups = 0;
    while (warmups < sizes.warmups()
        || warmups < MAX_WARMUP_ROUNDS
            && warmedUp.values().stream().anyMatch(nanos -> nanos < MIN_WARMUP_NANOS)) {
      for (Run run : runs) {
        warmedUp.merge(run, run.iteration().get().nanos(), Long::sum);
      }
      warmups++;
    }
    Map<Run, List<Sample>> samples = new LinkedHashMap<>();
    for (Run run : runs) {
      samples.put(run, new ArrayList<>());
    }
    List<Run> reversed = new ArrayList<>(runs);
    Collections.reverse(reversed);
    for (int round = 0; round < sizes.rounds(); round++) {
      // Every other round in reverse order, so that going first (after another workload's
      // writes, or a collection the one before left behind) falls on each run alike.
      for (Run run : round % 2 == 0 ? runs : reversed) {
        samples.get(run).add(run.iteration().get());
      }
    }
    results.warmups.put(runs.get(0).workload(), warmups);
    samples.forEach(
        (run, list) -> results.put(run.workload(), run.lane().security, run.contender(), list));
  }

  /**
   * The fairness check: raw JDBC writes the library's rows exactly, so the library replays an
   * account raw JDBC wrote (and the other way round) to the same state and head hash.
   */
  private void checkSameRows(Security security, String recountPrefix, String rawPrefix) {
    UUID id = UUID.randomUUID();
    try (RawJdbcContender raw =
            new RawJdbcContender("raw", target, rawPrefix, security, true, 0, 1);
        Application app = RecountContender.application(target, rawPrefix, security, 0, 1)) {
      AccountState written = raw.create(id, 10);
      Account read = AccountRepository.of(app).get(id);
      if (read.balance() != written.balance
          || read.version() != written.version
          || (security.hashChain && !read.head().equals(hex(written.head)))) {
        throw new IllegalStateException("the library reads raw JDBC's rows differently");
      }
    }
    UUID other = UUID.randomUUID();
    try (RecountContender recount =
            new RecountContender("recount", target, recountPrefix, security, 0, 1);
        RawJdbcContender raw =
            new RawJdbcContender("raw", target, recountPrefix, security, true, 0, 1)) {
      Account written = recount.create(other, 10);
      AccountState read = raw.load(other);
      if (read.balance != written.balance()
          || read.version != written.version()
          || (security.hashChain && !written.head().equals(hex(read.head)))) {
        throw new IllegalStateException("raw JDBC reads the library's rows differently");
      }
    }
  }

  private static String hex(byte[] bytes) {
    StringBuilder out = new StringBuilder();
    for (byte b : bytes) {
      out.append(String.format("%02x", b));
    }
    return out.toString();
  }
}
