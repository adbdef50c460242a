package dev.recount.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Prints one database's results as Markdown tables, then the targets met or missed. */
final class Report {
  private final PrintStream out;

  Report(PrintStream out) {
    this.out = out;
  }

  void print(Target target, Results results) {
    out.println();
    out.println("### " + target.name());
    out.println();
    out.println("| workload | hash+enc | Recount ev/s | raw JDBC ev/s | Axon ev/s "
        + "| Recount / raw | Recount / Axon | B/ev Recount | B/ev raw | B/ev Axon |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (Workload workload : Workload.values()) {
      for (Security security : Security.values()) {
        Results.Stats recount = results.get(workload, security, Results.RECOUNT);
        if (recount == null || workload.isCommand()) {
          continue;
        }
        Results.Stats raw = results.get(workload, security, Results.RAW);
        Results.Stats axon = results.get(workload, security, Results.AXON);
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
            workload.title,
            security.label,
            rate(recount),
            rate(raw),
            rate(axon),
            ratio(results.ratio(workload, security, Results.RAW)),
            ratio(results.ratio(workload, security, Results.AXON)),
            bytes(recount),
            bytes(raw),
            bytes(axon));
      }
    }
    out.println();
    out.println("CPU time per event of the working threads (the client's only, with PostgreSQL)."
        + " The ratios are raw's (or Axon's) CPU time over Recount's: 1.0 means the same work,"
        + " and unlike throughput they hardly move when other processes load the machine.");
    out.println();
    out.println("| workload | hash+enc | Recount us/ev | raw JDBC us/ev | Axon us/ev "
        + "| raw / Recount | Axon / Recount |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    for (Workload workload : Workload.values()) {
      for (Security security : Security.values()) {
        Results.Stats recount = results.get(workload, security, Results.RECOUNT);
        if (recount == null || workload == Workload.CONCURRENT_LOCKED || workload.isCommand()) {
          continue;
        }
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s |%n",
            workload.title,
            security.label,
            cpu(recount),
            cpu(results.get(workload, security, Results.RAW)),
            cpu(results.get(workload, security, Results.AXON)),
            ratio(results.cpuRatio(workload, security, Results.RAW)),
            ratio(results.cpuRatio(workload, security, Results.AXON)));
      }
    }
    out.println();
    out.println("| follower tailing the log during concurrent append | hash+enc | events written "
        + "| events seen | lag p50 ms | lag p99 ms | lag max ms |");
    out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
    results.followers.forEach(
        (security, byContender) -> byContender.forEach((name, r) -> out.printf(
            Locale.ROOT,
            "| %s | %s | %d | %d | %.1f | %.1f | %.1f |%n",
            name,
            security.label,
            r.written(),
            r.seen(),
            r.percentileMillis(0.5),
            r.percentileMillis(0.99),
            r.percentileMillis(1.0))));
    out.println();
    out.println("| memory per loaded 10-event account | hash+enc | retained bytes "
        + "| allocated bytes per load |");
    out.println("| --- | --- | ---: | ---: |");
    // A reading below zero means the heap shrank by more than the accounts hold (caches of the
    // database or the driver let go between the readings): noise, shown as such.
    results.memory.forEach((security, byContender) -> byContender.forEach((name, m) -> out.printf(
        Locale.ROOT,
        "| %s | %s | %s | %.0f |%n",
        name,
        security.label,
        m.retainedBytes() < 0
            ? "noise (" + Math.round(m.retainedBytes()) + ")"
            : String.valueOf(Math.round(m.retainedBytes())),
        m.allocatedBytes())));
    out.println();
    printCommands(results);
    printTargets(target, results);
  }

  /**
   * Load-change-save: Recount with its aggregate cache, without it, and raw JDBC reading the latest
   * version and inserting after it (no replay). Commands per second; one event each.
   */
  private void printCommands(Results results) {
    boolean any = false;
    for (Workload workload : Workload.values()) {
      for (Security security : Security.values()) {
        Results.Stats cached = results.get(workload, security, Results.RECOUNT);
        if (!workload.isCommand() || cached == null) {
          continue;
        }
        if (!any) {
          out.println("| load-change-save (raw: read latest version, insert) | hash+enc "
              + "| Recount, cache cmd/s | Recount, no cache cmd/s | raw JDBC cmd/s "
              + "| cache / no cache | cache / raw | no cache / raw | us CPU/cmd cache, no cache,"
              + " raw |");
          out.println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
          any = true;
        }
        Results.Stats uncached = results.get(workload, security, Results.NO_CACHE);
        Results.Stats raw = results.get(workload, security, Results.RAW);
        out.printf(
            Locale.ROOT,
            "| %s | %s | %s | %s | %s | %s | %s | %s | %s, %s, %s |%n",
            workload.title,
            security.label,
            rate(cached),
            rate(uncached),
            rate(raw),
            ratio(results.ratio(workload, security, Results.RECOUNT, Results.NO_CACHE)),
            ratio(results.ratio(workload, security, Results.RECOUNT, Results.RAW)),
            ratio(results.ratio(workload, security, Results.NO_CACHE, Results.RAW)),
            cpu(cached),
            cpu(uncached),
            cpu(raw));
      }
    }
    if (any) {
      out.println();
    }
  }

  private void printTargets(Target target, Results results) {
    List<String> lines = new ArrayList<>();
    Map<Workload, Double> minimum = Map.of(
        Workload.APPEND_NEW,
        0.8,
        Workload.APPEND_ONE,
        0.8,
        Workload.LOAD,
        0.7,
        Workload.LOAD_BIG,
        0.7,
        Workload.LOG_READ,
        0.8,
        Workload.CONCURRENT,
        0.8,
        Workload.CONCURRENT_LOCKED,
        0.9);
    for (Workload workload : Workload.values()) {
      Double min = minimum.get(workload);
      // H2 keeps its never-skip guarantee, so its target is raw JDBC taking the same lock; the
      // cost against unordered inserts is still printed, in the tables above. PostgreSQL orders
      // without a lock, so it is held to unordered inserts.
      if (min == null
          || workload == (target.isH2() ? Workload.CONCURRENT : Workload.CONCURRENT_LOCKED)) {
        continue;
      }
      for (Security security : Security.values()) {
        double ratio = results.ratio(workload, security, Results.RAW);
        lines.add(check(
            ratio >= min,
            String.format(
                Locale.ROOT,
                "%s, hash+enc %s: Recount / raw %.2f (target >= %.1f; by CPU time %.2f)",
                workload.title,
                security.label,
                ratio,
                min,
                results.cpuRatio(workload, security, Results.RAW))));
      }
    }
    List<Workload> notDatabaseBound = new ArrayList<>(
        List.of(Workload.LOAD, Workload.LOAD_BIG, Workload.LOAD_BIG_SNAPSHOTS, Workload.LOG_READ));
    if (target.isH2()) {
      notDatabaseBound.add(Workload.APPEND_NEW);
      notDatabaseBound.add(Workload.APPEND_ONE);
    }
    for (Workload workload : notDatabaseBound) {
      double ratio = results.ratio(workload, Security.PLAIN, Results.AXON);
      lines.add(check(
          ratio >= 2,
          String.format(
              Locale.ROOT, "%s: Recount / Axon %.2f (target >= 2)", workload.title, ratio)));
    }
    for (Security security : Security.values()) {
      double speedup = results.snapshotSpeedup(security);
      lines.add(check(
          speedup >= 20,
          String.format(
              Locale.ROOT,
              "10,000-event load with snapshots every 100 vs without, hash+enc %s: %.0fx faster"
                  + " (target >= 20x)",
              security.label,
              speedup)));
    }
    for (Security security : Security.values()) {
      double unlocked =
          results.ratio(Workload.APPEND_ONE, security, Results.RECOUNT, Results.RAW_UNLOCKED);
      if (!Double.isNaN(unlocked)) {
        lines.add(String.format(
            Locale.ROOT,
            "published, no target: %s, hash+enc %s: Recount / raw JDBC without the lock row"
                + " %.2f (by CPU time %.2f)",
            Workload.APPEND_ONE.title,
            security.label,
            unlocked,
            results.cpuRatio(Workload.APPEND_ONE, security, Results.RAW_UNLOCKED)));
      }
    }
    for (Workload workload : Workload.values()) {
      if (!workload.isCommand()) {
        continue;
      }
      for (Security security : Security.values()) {
        double overRaw = results.ratio(workload, security, Results.RECOUNT, Results.RAW);
        lines.add(check(
            overRaw >= 0.8,
            String.format(
                Locale.ROOT,
                "%s, hash+enc %s: Recount with its cache / raw JDBC reading the latest version"
                    + " %.2f (target >= 0.8)",
                workload.title,
                security.label,
                overRaw)));
        if (workload.accountEvents == 1000) {
          double speedup = results.ratio(workload, security, Results.RECOUNT, Results.NO_CACHE);
          lines.add(check(
              speedup >= 5,
              String.format(
                  Locale.ROOT,
                  "%s, hash+enc %s: with the cache %.1fx as fast as without (target >= 5x)",
                  workload.title,
                  security.label,
                  speedup)));
        }
      }
    }
    for (Workload workload : List.of(Workload.APPEND_NEW, Workload.APPEND_ONE)) {
      double cost = 1 - results.secureOverPlain(workload);
      Results.Stats plain = results.get(workload, Security.PLAIN, Results.RECOUNT);
      Results.Stats secure = results.get(workload, Security.SECURE, Results.RECOUNT);
      double cpuCost = plain == null || secure == null
          ? Double.NaN
          : 1 - plain.cpuMicrosPerEvent() / secure.cpuMicrosPerEvent();
      lines.add(check(
          cost <= 0.3,
          String.format(
              Locale.ROOT,
              "%s: hashing + encryption cost %.0f%% of Recount's throughput (target <= 30%%;"
                  + " by CPU time %.0f%%)",
              workload.title,
              cost * 100,
              cpuCost * 100)));
    }
    out.println("Targets on " + target.name() + ":");
    out.println();
    for (String line : lines) {
      out.println("- " + line);
    }
  }

  private static String check(boolean met, String text) {
    if (text.contains("NaN")) {
      return "not run: " + text;
    }
    return (met ? "met: " : "MISSED: ") + text;
  }

  private static String rate(Results.Stats stats) {
    return stats == null ? "-" : String.format(Locale.ROOT, "%,.0f", stats.eventsPerSecond());
  }

  private static String cpu(Results.Stats stats) {
    if (stats == null) {
      return "-";
    }
    double micros = stats.cpuMicrosPerEvent();
    return String.format(Locale.ROOT, micros < 0.1 ? "%.4f" : "%.2f", micros);
  }

  private static String bytes(Results.Stats stats) {
    return stats == null ? "-" : String.format(Locale.ROOT, "%,.0f", stats.bytesPerEvent());
  }

  private static String ratio(double ratio) {
    return Double.isNaN(ratio) ? "-" : String.format(Locale.ROOT, "%.2f", ratio);
  }
}
