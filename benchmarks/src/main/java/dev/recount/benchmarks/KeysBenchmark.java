package dev.recount.benchmarks;

import dev.recount.Application;
import dev.recount.CipherKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * What named keys and per-aggregate keys cost: loads (and, for information, the saves that open
 * accounts) of 10-event accounts, hash chain on, in four lanes on the same database, interleaved
 * round by round like the main run:
 *
 * <ul>
 *   <li><b>one key</b>: {@code CIPHER_KEY}, the baseline of the target;
 *   <li><b>3 named keys</b>: {@code CIPHER_KEYS} with three keys, each account's events written
 *       under k1 (4), k2 (3) and k3 (3), loaded with all three configured;
 *   <li><b>subject keys</b>: {@code SUBJECT_KEYS=true}, each account encrypted with its own data
 *       key, read afresh from the key table on every load;
 *   <li><b>raw JDBC</b>: {@link RawJdbcContender} loading a copy of the one-key lane's rows, in
 *       tables of its own (so that no lane's rows are read more often than another's).
 * </ul>
 *
 * Target: named keys and subject keys each cost at most 20% over one key on load (median of
 * round-by-round ratios). Beside the wall time, each lane's CPU time in the loading thread is
 * summed: on an embedded H2 file that is the whole load, H2's work included, and it moves less than
 * wall time with what else the machine runs; on PostgreSQL it is the client's share only. Run with
 * {@code java -jar benchmarks.jar keys [h2|postgres]}.
 */
final class KeysBenchmark {
  private static final String K1 = Security.SECURE.cipherKey;
  private static final String K2 = CipherKeys.generate();
  private static final String K3 = CipherKeys.generate();
  private static final double TARGET = 1.20;
  /** Loads per turn of one setting. */
  private static final int CHUNK = 100;

  private static final java.lang.management.ThreadMXBean THREADS =
      java.lang.management.ManagementFactory.getThreadMXBean();

  enum Setting {
    ONE_KEY("one key (CIPHER_KEY)"),
    NAMED_KEYS("3 named keys (CIPHER_KEYS)"),
    SUBJECT_KEYS("subject keys (SUBJECT_KEYS)"),
    RAW("raw JDBC, one key");

    final String title;

    Setting(String title) {
      this.title = title;
    }
  }

  private final Target target;
  private final int accounts;
  private final int loads;
  private final int creates;
  private final int rounds;

  KeysBenchmark(Target target) {
    this.target = target;
    boolean h2 = target.isH2();
    this.accounts = h2 ? 1_000 : 300;
    this.loads = h2 ? 5_000 : 1_500;
    this.creates = h2 ? 300 : 100;
    this.rounds = h2 ? 7 : 5;
  }

  private Application app(String lane, boolean subjectKeys, String current, String... named) {
    Application.Builder builder = Application.builder()
        .dbUri(target.url())
        .dbUser(target.user())
        .dbPassword(target.password())
        .tablePrefix(Target.PREFIX + "keys_" + lane + "_")
        .poolSize(2)
        .subjectKeys(subjectKeys);
    if (named.length == 0) {
      builder.cipherKey(current);
    } else {
      for (int i = 0; i < named.length; i += 2) {
        builder.cipherKey(named[i], named[i + 1]);
      }
      builder.cipherKeyId(current);
    }
    return builder.build();
  }

  void run() throws Exception {
    target.reset();
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < accounts; i++) {
      ids.add(UUID.randomUUID());
    }
    List<AutoCloseable> open = new ArrayList<>();
    try {
      Application one = app("one", false, K1);
      open.add(one);
      // Raw JDBC reads a copy of the one-key lane's rows in tables of its own: reading the one-key
      // lane's own rows kept them hotter in H2's page cache than any other lane's (each was read
      // twice as often), which made the baseline of the ratios faster than its setting.
      Application rawRows = app("raw", false, K1);
      open.add(rawRows);
      Application subject = app("subject", true, "k1", "k1", K1);
      open.add(subject);
      // Named keys: write each account under k1, then k2, then k3; read with all three.
      Application k1 = app("named", false, "k1", "k1", K1);
      Application k2 = app("named", false, "k2", "k2", K2, "k1", K1);
      Application named = app("named", false, "k3", "k3", K3, "k2", K2, "k1", K1);
      open.add(k1);
      open.add(k2);
      open.add(named);
      // Every lane writes each account in the same three saves (4, 3 and 3 events), so that its
      // rows lie alike in every table.
      for (UUID id : ids) {
        writeInThreeSaves(id, one, one, one);
        writeInThreeSaves(id, rawRows, rawRows, rawRows);
        writeInThreeSaves(id, subject, subject, subject);
        writeInThreeSaves(id, k1, k2, named);
      }
      RawJdbcContender raw = new RawJdbcContender(
          "raw", target, Target.PREFIX + "keys_raw_", Security.SECURE, true, 0, 2);
      open.add(raw);

      Map<Setting, List<Double>> seconds = new EnumMap<>(Setting.class);
      List<Map<Setting, Double>> cpuPerRound = new ArrayList<>();
      Map<Setting, List<Double>> createSeconds = new EnumMap<>(Setting.class);
      List<Map<Setting, Double>> perRound = new ArrayList<>();
      Random random = new Random(42);
      int warmups = 3;
      for (int round = 0; round < warmups + rounds; round++) {
        List<UUID> order = new ArrayList<>(ids);
        Collections.shuffle(order, random);
        List<UUID> batch = order.subList(0, Math.min(loads, order.size()));
        List<Setting> settings = new ArrayList<>(Arrays.asList(Setting.values()));
        // Loads in chunks, the settings taking turns chunk by chunk (in a rotating order), so that
        // a burst of load from other processes falls on all of them alike.
        Map<Setting, Double> times = new EnumMap<>(Setting.class);
        Map<Setting, Double> cpu = new EnumMap<>(Setting.class);
        for (int chunk = 0; chunk * CHUNK < loads; chunk++) {
          Collections.rotate(settings, 1);
          for (Setting setting : settings) {
            long start = System.nanoTime();
            long startCpu = THREADS.getCurrentThreadCpuTime();
            long balance = 0;
            for (int i = chunk * CHUNK; i < Math.min(loads, (chunk + 1) * CHUNK); i++) {
              UUID id = batch.get(i % batch.size());
              balance += switch (setting) {
                case ONE_KEY -> AccountRepository.of(one).get(id).balance();
                case NAMED_KEYS -> AccountRepository.of(named).get(id).balance();
                case SUBJECT_KEYS -> AccountRepository.of(subject).get(id).balance();
                case RAW -> raw.balance(raw.load(id));
              };
            }
            if (balance <= 0) {
              throw new IllegalStateException("nothing was loaded");
            }
            times.merge(setting, (System.nanoTime() - start) / 1e9, Double::sum);
            cpu.merge(setting, (THREADS.getCurrentThreadCpuTime() - startCpu) / 1e9, Double::sum);
          }
        }
        for (Setting setting : settings) {
          if (setting == Setting.RAW) {
            continue;
          }
          Application app = switch (setting) {
            case ONE_KEY -> one;
            case NAMED_KEYS -> named;
            default -> subject;
          };
          long created = System.nanoTime();
          for (int i = 0; i < creates; i++) {
            AccountRepository.of(app).save(account(UUID.randomUUID(), 10));
          }
          if (round >= warmups) {
            createSeconds
                .computeIfAbsent(setting, s -> new ArrayList<>())
                .add((System.nanoTime() - created) / 1e9);
          }
        }
        if (round >= warmups) {
          perRound.add(times);
          cpuPerRound.add(cpu);
          times.forEach(
              (s, t) -> seconds.computeIfAbsent(s, k -> new ArrayList<>()).add(t));
        }
      }
      print(seconds, createSeconds, perRound, cpuPerRound);
    } finally {
      for (AutoCloseable closeable : open) {
        closeable.close();
      }
    }
  }

  private static void writeInThreeSaves(
      UUID id, Application first, Application second, Application third) {
    AccountRepository.of(first).save(account(id, 4));
    for (Application app : List.of(second, third)) {
      Account loaded = AccountRepository.of(app).get(id);
      deposit(loaded, 3);
      AccountRepository.of(app).save(loaded);
    }
  }

  private static Account account(UUID id, int events) {
    Account account = Account.open(id, "owner-" + id.toString().substring(0, 8));
    deposit(account, events - 1);
    return account;
  }

  private static void deposit(Account account, int events) {
    for (int i = 0; i < events; i++) {
      account.deposit(Contender.amount(account.version()), Contender.reference(account.version()));
    }
  }

  private void print(
      Map<Setting, List<Double>> seconds,
      Map<Setting, List<Double>> createSeconds,
      List<Map<Setting, Double>> perRound,
      List<Map<Setting, Double>> cpuPerRound) {
    System.out.println();
    System.out.printf(
        Locale.ROOT,
        "### Keys on %s: %d loads of 10-event accounts per round (of %d), %d new accounts per"
            + " round, hash chain on, %d timed rounds%n%n",
        target.name(),
        loads,
        accounts,
        creates,
        rounds);
    System.out.println(
        "| setting | loads/s | load time / one key | CPU time / one key | new accounts/s |");
    System.out.println("| --- | ---: | ---: | ---: | ---: |");
    for (Setting setting : Setting.values()) {
      double loadRate = loads / median(seconds.get(setting));
      List<Double> ratios = new ArrayList<>();
      for (Map<Setting, Double> round : perRound) {
        ratios.add(round.get(setting) / round.get(Setting.ONE_KEY));
      }
      List<Double> cpuRatios = new ArrayList<>();
      for (Map<Setting, Double> round : cpuPerRound) {
        cpuRatios.add(round.get(setting) / round.get(Setting.ONE_KEY));
      }
      String creates = createSeconds.containsKey(setting)
          ? String.format(Locale.ROOT, "%,.0f", this.creates / median(createSeconds.get(setting)))
          : "";
      System.out.printf(
          Locale.ROOT,
          "| %s | %,.0f | %.2f | %.2f | %s |%n",
          setting.title,
          loadRate,
          median(ratios),
          median(cpuRatios),
          creates);
    }
    System.out.println();
    System.out.println("Round by round, load time / one key:");
    System.out.println();
    System.out.println("| round | 3 named keys | subject keys | raw JDBC |");
    System.out.println("| ---: | ---: | ---: | ---: |");
    for (int round = 0; round < perRound.size(); round++) {
      Map<Setting, Double> times = perRound.get(round);
      double one = times.get(Setting.ONE_KEY);
      System.out.printf(
          Locale.ROOT,
          "| %d | %.2f | %.2f | %.2f |%n",
          round + 1,
          times.get(Setting.NAMED_KEYS) / one,
          times.get(Setting.SUBJECT_KEYS) / one,
          times.get(Setting.RAW) / one);
    }
    System.out.println();
    for (Setting setting : List.of(Setting.NAMED_KEYS, Setting.SUBJECT_KEYS)) {
      List<Double> ratios = new ArrayList<>();
      for (Map<Setting, Double> round : perRound) {
        ratios.add(round.get(setting) / round.get(Setting.ONE_KEY));
      }
      double ratio = median(ratios);
      System.out.printf(
          Locale.ROOT,
          "- Target: %s load time <= %.2f x one key: %.2f, %s%n",
          setting.title,
          TARGET,
          ratio,
          ratio <= TARGET ? "met" : "MISSED");
    }
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
