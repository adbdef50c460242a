package dev.recount.benchmarks;

import static dev.recount.benchmarks.RotatingWriters.median;

import dev.recount.Application;
import dev.recount.observe.Observability;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What Micrometer instrumentation costs a save: append throughput of the same workload with and
 * without registries, on H2, PostgreSQL or MariaDB. Run by hand: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.recount.benchmarks.ObservabilityBenchmark
 * [h2|postgres|mariadb|all]}.
 *
 * <p>Two applications on the same database, each with tables of its own: "off" built without a
 * registry, "on" with an {@link ObservationRegistry} whose handler times every observation into a
 * meter registry (what Spring Boot's auto-configuration sets up) and a {@link MeterRegistry} for
 * Recount's own counters and timers; with {@code -Dbench.tracing=true} Micrometer Tracing's Brave
 * bridge too ({@link BraveTracing}), so that each save is a span and its events store the trace in
 * their metadata. Each writer thread alternates, save by save, between an account in each (10
 * deposits per save, no conflicts; {@link RotatingWriters}), so that whatever else a shared machine
 * does slows both alike; events/s is over the time spent in each one's saves. The figures are
 * medians of round-by-round ratios, after the instrumentation's code has been run alone long enough
 * to be compiled, as in a service that has run for a while. Last, the instrumentation of a save is
 * timed on its own, by the thread's CPU time, which other processes do not disturb.
 */
public final class ObservabilityBenchmark {
  private static final int EVENTS_PER_SAVE = 10;
  private static final long ROUND_NANOS = 1_000_000_000L;
  private static final int WARMUP_ROUNDS = Integer.getInteger("bench.warmup", 3);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 15);
  private static final boolean TRACING = Boolean.getBoolean("bench.tracing");

  private ObservabilityBenchmark() {}

  public static void main(String[] args) throws Exception {
    List<ServiceDatabase> databases = ServiceDatabase.chosen(args, "ObservabilityBenchmark");
    System.out.println("## Instrumentation on vs off: append throughput");
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "%d cores, Java %s; each save stores %d events; %s%s; rounds of %d s, %d warm-up"
            + " rounds, then the median of %d.%n%n",
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        EVENTS_PER_SAVE,
        RotatingWriters.PHASED
            ? "one writer alternates, save by save, between off and on; several save off for"
                + " half of each round and on for the other half, which goes first alternating"
            : "each writer alternates, save by save, between off and on",
        TRACING
            ? "; on with Micrometer Tracing's Brave bridge too (W3C, a share of "
                + System.getProperty("bench.sampling", "1")
                + " of the traces sampled, spans counted and dropped)"
            : "",
        ROUND_NANOS / 1_000_000_000L,
        WARMUP_ROUNDS,
        ROUNDS);
    System.out.println("| database | writers | off events/s | on events/s | on/off throughput"
        + " | off CPU µs/event | on CPU µs/event | on/off CPU | instrumentation alone, CPU µs"
        + " per save (share of an uninstrumented save's CPU) | load average before, after |");
    System.out.println("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |");
    for (ServiceDatabase database : databases) {
      for (int writers : ServiceDatabase.writerCounts()) {
        run(database, writers);
      }
      database.cleanUp();
    }
  }

  @SuppressWarnings("try") // the tracing is only closed with the applications
  private static void run(ServiceDatabase database, int writers) throws Exception {
    String load = RotatingWriters.loadAverage();
    String stem = database.newStem("obsbench");
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    // -Dbench.handler=none: a handler that does nothing instead of the meter handler, to tell
    // Micrometer's observation machinery from the meter handler's lookups.
    // -Dbench.handler=nolongtask: the meter handler without its long-task timer
    // (management.observations.long-task-timer.enabled=false in Spring Boot).
    String handler = System.getProperty("bench.handler", "meters");
    if (handler.equals("none")) {
      observations.observationConfig().observationHandler(context -> true);
    } else if (handler.equals("nolongtask")) {
      observations
          .observationConfig()
          .observationHandler(new DefaultMeterObservationHandler(
              meters, DefaultMeterObservationHandler.IgnoredMeters.LONG_TASK_TIMER));
    } else {
      observations
          .observationConfig()
          .observationHandler(new DefaultMeterObservationHandler(meters));
    }
    // -Dbench.tracing=true: Micrometer Tracing's Brave bridge as well, as Spring Boot sets it up:
    // each save is a span whose traceparent the events' metadata stores.
    // -Dbench.sampling=0.1 samples a tenth of the traces, Spring Boot's default; 1 (all) unless
    // set.
    BraveTracing tracing = TRACING
        ? new BraveTracing(Float.parseFloat(System.getProperty("bench.sampling", "1")))
        : null;
    if (tracing != null) {
      tracing.install(observations);
    }
    // -Dbench.probe=true: a last handler that sums the thread's CPU time between its start and stop
    // of each save's observation, which is the save itself (the other handlers run before and
    // after).
    if (Boolean.getBoolean("bench.probe")) {
      observations.observationConfig().observationHandler(PROBE);
    }
    // -Dbench.control=true: "on" without registries too, an A/A run that shows how far the two
    // applications differ by themselves (their tables, their pools) on this machine.
    Application.Builder onBuilder = database.ownPool(stem + "on_", writers + 1);
    // -Dbench.on=observations or meters: only that registry, to see which costs what.
    String only = System.getProperty("bench.on", "both");
    boolean control = Boolean.getBoolean("bench.control");
    ObservationRegistry onObservations = control || only.equals("meters") ? null : observations;
    MeterRegistry onMeters = control || only.equals("observations") ? null : meters;
    if (onObservations != null) {
      onBuilder.observationRegistry(onObservations);
    }
    if (onMeters != null) {
      onBuilder.meterRegistry(onMeters);
    }
    try (BraveTracing closing = tracing;
        Application off = database.ownPool(stem + "off_", writers + 1).build();
        Application on = onBuilder.build()) {
      AccountRepository[] repositories = {AccountRepository.of(off), AccountRepository.of(on)};
      Account[][] accounts = new Account[writers][2];
      for (int i = 0; i < writers; i++) {
        for (int k = 0; k < 2; k++) {
          accounts[i][k] = Account.open(UUID.randomUUID(), "writer-" + i);
          repositories[k].save(accounts[i][k]);
        }
      }
      RotatingWriters paired = new RotatingWriters(writers, 2, ROUND_NANOS, (writer, kind) -> {
        Account account = accounts[writer][kind];
        for (int e = 0; e < EVENTS_PER_SAVE; e++) {
          account.deposit(1, "r" + account.version());
        }
        return Sample.of(EVENTS_PER_SAVE, () -> repositories[kind].save(account));
      });
      // The instrumentation runs once per save, a few hundred times a second here, so on a busy
      // machine its code was still interpreted or in C1 through the whole run, while the saves'
      // own code (run per event and per row) was compiled: that alone had made "on" look 20-30%
      // dearer (docs/BENCHMARKS.md). A service reaches the compiled state within its first
      // minutes; running the instrumentation alone first gets there before the rounds.
      // -Dbench.prewarm=false measures the cold state.
      if (!System.getProperty("bench.prewarm", "true").equals("false")) {
        instrumentationAlone(onObservations, onMeters);
      }
      for (int round = 0; round < WARMUP_ROUNDS; round++) {
        paired.round();
      }
      double[] throughput = new double[ROUNDS];
      double[] cpu = new double[ROUNDS];
      double[] offRate = new double[ROUNDS];
      double[] onRate = new double[ROUNDS];
      double[] offCpu = new double[ROUNDS];
      double[] onCpu = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        INNER_CPU.set(0);
        INNER_COUNT.set(0);
        Sample[] both = paired.measured(round);
        if (INNER_COUNT.get() > 0) {
          System.err.printf(
              Locale.ROOT,
              "round %d: on %.1f µs/save, of which inside the observation %.1f; off %.1f µs/save%n",
              round,
              both[1].cpuNanos() / 1000.0 / (both[1].events() / EVENTS_PER_SAVE),
              INNER_CPU.get() / 1000.0 / INNER_COUNT.get(),
              both[0].cpuNanos() / 1000.0 / (both[0].events() / EVENTS_PER_SAVE));
        }
        offRate[round] = both[0].eventsPerSecond() * writers;
        onRate[round] = both[1].eventsPerSecond() * writers;
        offCpu[round] = both[0].cpuMicrosPerEvent();
        onCpu[round] = both[1].cpuMicrosPerEvent();
        throughput[round] = onRate[round] / offRate[round];
        cpu[round] = onCpu[round] / offCpu[round];
        if (Boolean.getBoolean("bench.verbose")) {
          System.err.printf(
              Locale.ROOT,
              "round %d: on/off throughput %.3f, CPU %.3f, off %.1f µs/event%n",
              round,
              throughput[round],
              cpu[round],
              offCpu[round]);
        }
      }
      double alone = instrumentationAlone(onObservations, onMeters);
      if (tracing != null) {
        requireTraced(on, tracing);
      }
      System.out.printf(
          Locale.ROOT,
          "| %s | %d | %,.0f | %,.0f | %.3f | %.1f | %.1f | %.3f | %.2f (%.1f%%) | %s, %s |%n",
          database.name,
          writers,
          median(offRate),
          median(onRate),
          median(throughput),
          median(offCpu),
          median(onCpu),
          median(cpu),
          alone,
          100 * alone / (median(offCpu) * EVENTS_PER_SAVE),
          load,
          RotatingWriters.loadAverage());
    }
  }

  /**
   * Fails the run unless the instrumented application's last event carries a trace id in its
   * metadata and spans were ended: the tracing measured is the tracing that stores.
   */
  private static void requireTraced(Application on, BraveTracing tracing) {
    long last = on.log().maxId();
    dev.recount.Metadata metadata = on.log().select(last, 1).get(0).metadata();
    if (metadata == null || metadata.traceId() == null || tracing.finishedSpans() == 0) {
      throw new IllegalStateException(
          "tracing was on but event " + last + " has no trace id (metadata " + metadata + ", "
              + tracing.finishedSpans() + " spans ended)");
    }
    System.err.printf(
        Locale.ROOT,
        "tracing: %,d spans ended; event %d's trace id %s%n",
        tracing.finishedSpans(),
        last,
        metadata.traceId());
  }

  private static final java.util.concurrent.atomic.AtomicLong INNER_CPU =
      new java.util.concurrent.atomic.AtomicLong();
  private static final java.util.concurrent.atomic.AtomicLong INNER_COUNT =
      new java.util.concurrent.atomic.AtomicLong();
  private static final ThreadLocal<long[]> PROBE_START = ThreadLocal.withInitial(() -> new long[1]);
  private static final io.micrometer.observation.ObservationHandler<
          io.micrometer.observation.Observation.Context>
      PROBE = new io.micrometer.observation.ObservationHandler<>() {
        @Override
        public void onStart(io.micrometer.observation.Observation.Context context) {
          PROBE_START.get()[0] = Sample.cpuOfThisThread();
        }

        @Override
        public void onStop(io.micrometer.observation.Observation.Context context) {
          INNER_CPU.addAndGet(Sample.cpuOfThisThread() - PROBE_START.get()[0]);
          INNER_COUNT.incrementAndGet();
        }

        @Override
        public boolean supportsContext(io.micrometer.observation.Observation.Context context) {
          return true;
        }
      };

  /**
   * CPU µs that the instrumentation of one save takes on its own, without the save: observation,
   * scope, timer and counters, into the same registries. Thread CPU time is blind to the other
   * processes of a shared machine, where wall-clock ratios are not.
   */
  private static double instrumentationAlone(
      ObservationRegistry observations, MeterRegistry meters) {
    Observability observability = Observability.micrometer(observations, meters, "alone_");
    // The calls of Application.save, with the list it passes (an ArrayList): the JIT compiles the
    // instrumentation for the types it has seen, and a list or call it has not seen in the saves
    // that follow sends the compiled code back to the interpreter (see docs/BENCHMARKS.md).
    List<Account> saved = new ArrayList<>(List.of(Account.open(UUID.randomUUID(), "alone")));
    int spans = 200_000;
    Runnable work = () -> {
      for (int i = 0; i < spans; i++) {
        Observability.Span span = observability.save(saved);
        if ((span.trace() != null) != (TRACING && observations != null)) {
          throw new IllegalStateException("a save's trace is there only with the tracing bridge");
        }
        span.succeeded(EVENTS_PER_SAVE);
        span.end();
      }
    };
    // Warm-up, in fresh threads as well: the rounds' writers are new threads, and a thread's first
    // use of some JDK code under the meter handler (ThreadLocalRandom seeding the long-task timer's
    // skip list) is a branch that code compiled in one thread had never taken, which sent it back
    // to the interpreter at the rounds' first saves (JFR's jdk.Deoptimization events).
    for (int t = 0; t < 8; t++) {
      Thread thread = new Thread(work, "warm-" + t);
      thread.start();
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    work.run();
    double[] micros = new double[5];
    for (int i = 0; i < micros.length; i++) {
      micros[i] = Sample.of(spans, work).cpuNanos() / 1000.0 / spans;
    }
    observability.close();
    return median(micros);
  }
}
