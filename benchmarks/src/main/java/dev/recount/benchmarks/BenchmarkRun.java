package dev.recount.benchmarks;

import dev.recount.Application;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** One database's run: every workload, with hashing and encryption off and then on. */
final class BenchmarkRun {
  private static final int POOL_SIZE = 10;
  /** For profiling one part: {@code -Dbench.only=append,load,big,log,concurrent,follower}. */
  private static final String ONLY = System.getProperty("bench.only", "");
  /** For profiling one setting: {@code -Dbench.hashEnc=off} or {@code on}. */
  private static final String ONLY_SECURITY = System.getProperty("bench.hashEnc", "");

  private final Target target;
  private final Sizes sizes;
  private final Results results = new Results();

  BenchmarkRun(Target target) {
    this.target = target;
    this.sizes = target.sizes();
  }

  Results run() throws Exception {
    target.reset();
    for (Security security : Security.values()) {
      if (ONLY_SECURITY.isEmpty() || ONLY_SECURITY.equalsIgnoreCase(security.label)) {
        runWith(security);
      }
    }
    return results;
  }

  private void runWith(Security security) {
    String s = security == Security.PLAIN ? "p_" : "s_";
    String rc = Target.PREFIX + "rc_" + s;
    String raw = Target.PREFIX + "raw_" + s;
    int interval = sizes.snapshotInterval();
    List<Lane<?>> lanes = new ArrayList<>();
    try {
      Lane<?> recount = lane(lanes, new RecountContender(Results.RECOUNT, target, rc, security, 0,
          POOL_SIZE), new RecountContender(Results.RECOUNT, target, rc, security, interval,
          POOL_SIZE));
      Lane<?> rawOrdered = lane(lanes, new RawJdbcContender(Results.RAW, target, raw, security,
          true, 0, POOL_SIZE), new RawJdbcContender(Results.RAW, target, raw, security, true,
          interval, POOL_SIZE));
      Lane<?> rawUnordered = lane(lanes, new RawJdbcContender(Results.RAW, target,
          Target.PREFIX + "rawu_" + s, security, false, 0, POOL_SIZE), null);
      Lane<?> axon = null;
      if (security == Security.PLAIN) {
        String prefix = Target.PREFIX + "axon_";
        axon = lane(lanes, new AxonContender(Results.AXON, target, prefix, 0, POOL_SIZE),
            new AxonContender(Results.AXON, target, prefix, interval, POOL_SIZE));
      }
      checkSameRows(security, rc, raw);
      List<Lane<?>> main = axon == null ? List.of(recount, rawOrdered)
          : List.of(recount, rawOrdered, axon);

      // Later workloads need the accounts that appending creates: it always runs.
      progress(security, "append");
      measure(Workload.APPEND_NEW, security, main, Lane::appendNew);
      measure(Workload.APPEND_ONE, security, main, Lane::appendOne);
      if (progress(security, "load")) {
        measure(Workload.LOAD, security, main, Lane::load);
      }
      if (progress(security, "memory")) {
        Map<String, Results.Memory> memory = new LinkedHashMap<>();
        for (Lane<?> lane : main) {
          double[] bytes = lane.memoryPerLoadedAccount(sizes.retainedAccounts());
          memory.put(lane.name, new Results.Memory(bytes[0], bytes[1]));
        }
        results.memory.put(security, memory);
      }
      if (progress(security, "big")) {
        for (Lane<?> lane : main) {
          lane.createBigAccounts();
        }
        measure(Workload.LOAD_BIG, security, main, lane -> lane.loadBig(false));
        measure(Workload.LOAD_BIG_SNAPSHOTS, security, main, lane -> lane.loadBig(true));
      }
      if (progress(security, "log")) {
        measure(Workload.LOG_READ, security, main, Lane::readLog);
      }
      if (!progress(security, "concurrent")) {
        return;
      }
      List<Lane<?>> writers = new ArrayList<>(List.of(recount, rawUnordered, rawOrdered));
      if (axon != null) {
        writers.add(axon);
      }
      Map<Lane<?>, List<Sample>> concurrent = measureLanes(writers, Lane::concurrentAppend);
      for (Lane<?> lane : List.of(recount, rawUnordered)) {
        results.put(Workload.CONCURRENT, security, lane.name, concurrent.get(lane));
      }
      if (axon != null) {
        results.put(Workload.CONCURRENT, security, axon.name, concurrent.get(axon));
      }
      results.put(Workload.CONCURRENT_LOCKED, security, recount.name, concurrent.get(recount));
      results.put(Workload.CONCURRENT_LOCKED, security, rawOrdered.name,
          concurrent.get(rawOrdered));

      if (!progress(security, "follower")) {
        return;
      }
      List<Lane<?>> followed = axon == null ? List.of(recount, rawUnordered)
          : List.of(recount, rawUnordered, axon);
      Map<String, List<Follower.Result>> runs = new LinkedHashMap<>();
      for (int round = 0; round < sizes.warmups() + sizes.rounds(); round++) {
        for (Lane<?> lane : followed) {
          Follower.Result result = lane.follow();
          if (round >= sizes.warmups()) {
            runs.computeIfAbsent(lane == rawUnordered ? "raw JDBC (unordered)" : lane.name,
                k -> new ArrayList<>()).add(result);
          }
        }
      }
      Map<String, Follower.Result> merged = new LinkedHashMap<>();
      runs.forEach((name, list) -> merged.put(name, Follower.Result.merge(list)));
      results.followers.put(security, merged);
    } finally {
      for (Lane<?> lane : lanes) {
        lane.close();
      }
    }
  }

  private <A> Lane<A> lane(List<Lane<?>> lanes, Contender<A> contender,
      Contender<A> snapshotting) {
    Lane<A> lane = new Lane<>(contender, snapshotting, sizes);
    lanes.add(lane);
    return lane;
  }

  private boolean progress(Security security, String what) {
    if (!ONLY.isEmpty() && !java.util.Arrays.asList(ONLY.split(",")).contains(what)) {
      return false;
    }
    System.err.printf("  [%s, hash+enc %s] %s...%n", target.name(), security.label, what);
    return true;
  }

  private void measure(Workload workload, Security security, List<Lane<?>> lanes,
      Function<Lane<?>, Sample> iteration) {
    measureLanes(lanes, iteration).forEach((lane, rounds) ->
        results.put(workload, security, lane.name, rounds));
  }

  /** Interleaves the contenders round by round, so drift in the machine hits all alike. */
  private Map<Lane<?>, List<Sample>> measureLanes(List<Lane<?>> lanes,
      Function<Lane<?>, Sample> iteration) {
    Map<Lane<?>, List<Sample>> samples = new LinkedHashMap<>();
    for (int round = 0; round < sizes.warmups() + sizes.rounds(); round++) {
      for (Lane<?> lane : lanes) {
        Sample sample = iteration.apply(lane);
        if (round >= sizes.warmups()) {
          samples.computeIfAbsent(lane, l -> new ArrayList<>()).add(sample);
        }
      }
    }
    return samples;
  }

  /**
   * The fairness check: raw JDBC writes the library's rows exactly, so the library replays an
   * account raw JDBC wrote (and the other way round) to the same state and head hash.
   */
  private void checkSameRows(Security security, String recountPrefix, String rawPrefix) {
    UUID id = UUID.randomUUID();
    try (RawJdbcContender raw = new RawJdbcContender("raw", target, rawPrefix, security, true, 0,
        1);
        Application app = RecountContender.application(target, rawPrefix, security, 0, 1)) {
      AccountState written = raw.create(id, 10);
      Account read = AccountRepository.of(app).get(id);
      if (read.balance() != written.balance || read.version() != written.version
          || (security.hashChain && !read.head().equals(hex(written.head)))) {
        throw new IllegalStateException("the library reads raw JDBC's rows differently");
      }
    }
    UUID other = UUID.randomUUID();
    try (RecountContender recount = new RecountContender("recount", target, recountPrefix,
        security, 0, 1);
        RawJdbcContender raw = new RawJdbcContender("raw", target, recountPrefix, security, true,
            0, 1)) {
      Account written = recount.create(other, 10);
      AccountState read = raw.load(other);
      if (read.balance != written.balance() || read.version != written.version()
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
