package dev.recount.benchmarks;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The medians of one database's run, by workload, security setting and contender. */
final class Results {
  static final String RECOUNT = "Recount";
  static final String RAW = "raw JDBC";
  static final String AXON = "Axon";
  /** Load-change-save: the same application without its aggregate cache. */
  static final String NO_CACHE = "Recount, no cache";
  /** Raw JDBC taking ids from a sequence, without the lock row (no ordering guarantee). */
  static final String RAW_UNLOCKED = "raw JDBC, no lock";

  /** Medians of throughput, allocation and CPU time per event. */
  record Stats(double eventsPerSecond, double bytesPerEvent, double cpuMicrosPerEvent) {
    static Stats median(List<Sample> samples) {
      double[] rates =
          samples.stream().mapToDouble(Sample::eventsPerSecond).sorted().toArray();
      double[] bytes =
          samples.stream().mapToDouble(Sample::bytesPerEvent).sorted().toArray();
      double[] cpu =
          samples.stream().mapToDouble(Sample::cpuMicrosPerEvent).sorted().toArray();
      return new Stats(middle(rates), middle(bytes), middle(cpu));
    }

    static double middle(double[] sorted) {
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
  }

  /** Bytes kept alive by one loaded account, and allocated by loading one. */
  record Memory(double retainedBytes, double allocatedBytes) {}

  private final Map<Workload, Map<Security, Map<String, List<Sample>>>> samples =
      new EnumMap<>(Workload.class);
  final Map<Security, Map<String, Memory>> memory = new EnumMap<>(Security.class);
  final Map<Security, Map<String, Follower.Result>> followers = new EnumMap<>(Security.class);
  /** Warm-up rounds each workload ran (keyed by its first workload when several share rounds). */
  final Map<Workload, Integer> warmups = new EnumMap<>(Workload.class);

  /** Keeps a contender's timed samples, one per round, in round order. */
  void put(Workload workload, Security security, String contender, List<Sample> rounds) {
    samples
        .computeIfAbsent(workload, w -> new EnumMap<>(Security.class))
        .computeIfAbsent(security, s -> new HashMap<>())
        .put(contender, rounds);
  }

  List<Sample> samples(Workload workload, Security security, String contender) {
    return samples
        .getOrDefault(workload, Map.of())
        .getOrDefault(security, Map.of())
        .get(contender);
  }

  Stats get(Workload workload, Security security, String contender) {
    List<Sample> rounds = samples(workload, security, contender);
    return rounds == null ? null : Stats.median(rounds);
  }

  /**
   * Recount's throughput over the other's: the median of the round-by-round ratios, since the
   * contenders of one round ran seconds apart and so under the same load from the rest of the
   * machine. NaN when either is missing.
   */
  double ratio(Workload workload, Security security, String other) {
    return ratio(samples(workload, security, RECOUNT), samples(workload, security, other));
  }

  /**
   * The other's CPU time per event over Recount's: how much more work per event the other does
   * (above 1: Recount does less), steady however loaded the machine is.
   */
  double cpuRatio(Workload workload, Security security, String other) {
    Stats ours = get(workload, security, RECOUNT);
    Stats theirs = get(workload, security, other);
    return ours == null || theirs == null
        ? Double.NaN
        : theirs.cpuMicrosPerEvent() / ours.cpuMicrosPerEvent();
  }

  /** One contender's throughput over another's, round by round, like {@link #ratio}. */
  double ratio(Workload workload, Security security, String ours, String theirs) {
    return ratio(samples(workload, security, ours), samples(workload, security, theirs));
  }

  /** Recount's throughput with hashing and encryption over its throughput without. */
  double secureOverPlain(Workload workload) {
    return ratio(
        samples(workload, Security.SECURE, RECOUNT), samples(workload, Security.PLAIN, RECOUNT));
  }

  /** Recount's throughput with snapshots over without (the speed-up of loading the big one). */
  double snapshotSpeedup(Security security) {
    return ratio(
        samples(Workload.LOAD_BIG_SNAPSHOTS, security, RECOUNT),
        samples(Workload.LOAD_BIG, security, RECOUNT));
  }

  private static double ratio(List<Sample> ours, List<Sample> theirs) {
    if (ours == null || theirs == null) {
      return Double.NaN;
    }
    double[] ratios = new double[ours.size()];
    for (int i = 0; i < ratios.length; i++) {
      ratios[i] = ours.get(i).eventsPerSecond() / theirs.get(i).eventsPerSecond();
    }
    java.util.Arrays.sort(ratios);
    return Stats.middle(ratios);
  }
}
