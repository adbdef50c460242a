package dev.recount.benchmarks;

import dev.recount.Application;
import dev.recount.AuditOptions;
import dev.recount.SigningKeys;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The costs of docs/INTEGRITY.md's checks: {@code java -jar benchmarks.jar integrity
 * [h2|postgres]}.
 *
 * <ul>
 *   <li>Audit throughput without the key: an encrypted store of accounts of 10 events, audited by
 *       an application without the cipher key ({@code AuditOptions.recordsOnly()}: every hash,
 *       chain and snapshot head), against plain JDBC reading the same rows in one query and
 *       checking the same SHA-256 chain ({@link RawCodec#checkEvent}). Target: 0.8 or more.
 *   <li>Checkpoint signing on append: new accounts of 10 events, one save each, by an application
 *       with {@code SIGNING_KEY} (its checkpointer thread following the log and signing every 1000
 *       events) against one without, on tables of their own. Target: 5% or less.
 * </ul>
 *
 * Rounds alternate the two sides after warm-ups; the ratio is the median of round-by-round ratios.
 */
final class IntegrityBenchmark {
  private static final int ROUNDS = 7;
  private static final int WARMUPS = 5;

  private final Target target;

  private IntegrityBenchmark(Target target) {
    this.target = target;
  }

  /** @param which {@code audit}, {@code signing} or {@code all} */
  static void run(Target target, String which) throws Exception {
    target.reset();
    IntegrityBenchmark benchmark = new IntegrityBenchmark(target);
    if (!which.equals("signing")) {
      benchmark.audit(target.isH2() ? 5000 : 2000);
    }
    if (!which.equals("audit")) {
      benchmark.signing(target.isH2() ? 400 : 200);
    }
  }

  private Application.Builder builder(String prefix) {
    return Application.builder()
        .dbUri(target.url())
        .dbUser(target.user())
        .dbPassword(target.password())
        .tablePrefix(prefix);
  }

  // ---- audit ------------------------------------------------------------------------------

  private void audit(int accounts) throws SQLException {
    String prefix = Target.PREFIX + "audit_";
    try (Application writer = builder(prefix)
        .cipherKey(Security.SECURE.cipherKey)
        .snapshottingInterval(5)
        .build()) {
      AccountRepository repository = AccountRepository.of(writer);
      for (int i = 0; i < accounts; i++) {
        Account account = Account.open(UUID.randomUUID(), "owner-" + i);
        for (int version = 1; version < 10; version++) {
          account.deposit(Contender.amount(version), Contender.reference(version));
        }
        repository.save(account);
      }
    }
    RawCodec codec = new RawCodec(Security.SECURE);
    List<Double> recount = new ArrayList<>();
    List<Double> raw = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    List<Double> cpuRatios = new ArrayList<>();
    List<Double> rawWithSnapshots = new ArrayList<>();
    List<Double> ratiosWithSnapshots = new ArrayList<>();
    List<Double> cpuRatiosWithSnapshots = new ArrayList<>();
    try (Application auditor = builder(prefix).readOnly(true).build();
        Connection connection =
            DriverManager.getConnection(target.url(), target.user(), target.password())) {
      AuditOptions recordsOnly = AuditOptions.defaults().recordsOnly();
      long expected = accounts * 10L;
      for (int round = 0; round < WARMUPS + ROUNDS; round++) {
        // The three sides take turns in an order that rotates, so that a burst of load from
        // other processes on the machine falls on each alike.
        Sample[] samples = new Sample[3];
        int thisRound = round;
        for (int turn = 0; turn < 3; turn++) {
          int side = (turn + round) % 3;
          samples[side] = switch (side) {
            case 0 ->
              Sample.of(expected, () -> check(auditor.audit(recordsOnly).events(), expected));
            case 1 ->
              Sample.of(
                  expected,
                  () -> check(rawAudit(connection, prefix, codec, false, thisRound), expected));
            default ->
              Sample.of(
                  expected,
                  () -> check(rawAudit(connection, prefix, codec, true, thisRound), expected));
          };
        }
        if (round >= WARMUPS) {
          recount.add(samples[0].eventsPerSecond());
          raw.add(samples[1].eventsPerSecond());
          rawWithSnapshots.add(samples[2].eventsPerSecond());
          ratios.add(samples[0].eventsPerSecond() / samples[1].eventsPerSecond());
          ratiosWithSnapshots.add(samples[0].eventsPerSecond() / samples[2].eventsPerSecond());
          cpuRatios.add((double) samples[1].cpuNanos() / samples[0].cpuNanos());
          cpuRatiosWithSnapshots.add((double) samples[2].cpuNanos() / samples[0].cpuNanos());
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| audit without the key, %,d events (accounts of 10, a snapshot every 5), against raw"
            + " JDBC reading the events | %,.0f | %,.0f | %.2f (by CPU time %.2f) | >= 0.8 |%n",
        accounts * 10L,
        median(recount),
        median(raw),
        median(ratios),
        median(cpuRatios));
    System.out.printf(
        Locale.ROOT,
        "| the same, against raw JDBC reading the events and the snapshots (the rows the audit"
            + " reads) | %,.0f | %,.0f | %.2f (by CPU time %.2f) | >= 0.8 |%n",
        median(recount),
        median(rawWithSnapshots),
        median(ratiosWithSnapshots),
        median(cpuRatiosWithSnapshots));
    System.out.printf(Locale.ROOT, "load average at the end: %.1f%n", loadAverage());
  }

  private static void check(long audited, long expected) {
    if (audited != expected) {
      throw new IllegalStateException("audited " + audited + " events, expected " + expected);
    }
  }

  static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  /**
   * Plain JDBC: every event row in one query, each one's hash and chain checked; with
   * {@code snapshots}, every snapshot row too (read first into a map by key, as a hand-written
   * audit would), each one's hash checked and its head compared with the hash of the event at its
   * version.
   */
  private static long rawAudit(
      Connection connection, String prefix, RawCodec codec, boolean snapshots, int round) {
    try {
      return rawAuditOrThrow(connection, prefix, codec, snapshots, round);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long rawAuditOrThrow(
      Connection connection, String prefix, RawCodec codec, boolean snapshots, int round)
      throws SQLException {
    // The round in a comment makes each round's SQL new to H2. H2 (OPTIMIZE_REUSE_RESULTS, on by
    // default) answers a statement it ran before in the same session, on tables unchanged since,
    // with the result it kept, without running it: in earlier runs the raw side read its events
    // that way from the second round on, and the audit, on the library's pooled connections, did
    // not (docs/BENCHMARKS.md). An audit reads the tables once.
    String sql = "/* round " + round + (snapshots ? ", with snapshots" : "")
        + " */ SELECT \"originator_id\", \"originator_version\", \"topic\", \"timestamp_us\","
        + " \"state\", \"previous_hash\", \"hash\" FROM \"" + prefix + "events\""
        + " ORDER BY \"originator_id\", \"originator_version\"";
    long rows = 0;
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // PostgreSQL fetches in pages only inside a transaction
    try {
      Map<UUID, Map<Long, byte[]>> heads =
          snapshots ? rawSnapshots(connection, prefix, codec, round) : null;
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        select.setFetchSize(1000);
        try (ResultSet row = select.executeQuery()) {
          UUID current = null;
          byte[] previous = null;
          Map<Long, byte[]> headsOfCurrent = null;
          while (row.next()) {
            UUID id = row.getObject(1, UUID.class);
            if (!id.equals(current)) {
              current = id;
              previous = null;
              headsOfCurrent = heads == null ? null : heads.remove(id);
            }
            byte[] hash = row.getBytes(7);
            long version = row.getLong(2);
            codec.checkEvent(
                previous,
                row.getBytes(6),
                hash,
                id,
                version,
                row.getString(3),
                row.getLong(4),
                row.getBytes(5));
            if (headsOfCurrent != null) {
              byte[] head = headsOfCurrent.remove(version);
              if (head != null && !Arrays.equals(head, hash)) {
                throw new IllegalStateException("snapshot " + id + " v" + version + " head");
              }
            }
            previous = hash;
            rows++;
          }
        }
      }
      if (heads != null && !heads.isEmpty()) {
        throw new IllegalStateException("snapshots without their events: " + heads.keySet());
      }
    } finally {
      connection.commit();
      connection.setAutoCommit(autoCommit);
    }
    return rows;
  }

  private static Map<UUID, Map<Long, byte[]>> rawSnapshots(
      Connection connection, String prefix, RawCodec codec, int round) throws SQLException {
    String sql = "/* round " + round + " */ SELECT \"originator_id\", \"originator_version\","
        + " \"topic\", \"timestamp_us\", \"fingerprint\", \"state\", \"head\", \"hash\" FROM \""
        + prefix + "snapshots\"";
    Map<UUID, Map<Long, byte[]>> heads = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setFetchSize(1000);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          UUID id = row.getObject(1, UUID.class);
          long version = row.getLong(2);
          byte[] head = row.getBytes(7);
          byte[] hash = codec.snapshotHash(
              head,
              id,
              version,
              row.getString(3),
              row.getLong(4),
              row.getBytes(6),
              row.getString(5));
          if (!Arrays.equals(hash, row.getBytes(8))) {
            throw new IllegalStateException("snapshot " + id + " v" + version + " fails its hash");
          }
          heads.computeIfAbsent(id, any -> new HashMap<>()).put(version, head);
        }
      }
    }
    return heads;
  }

  // ---- signing ----------------------------------------------------------------------------

  private void signing(int accountsPerRound) {
    SigningKeys.Pair keys = SigningKeys.generate();
    List<Double> plainRates = new ArrayList<>();
    List<Double> signedRates = new ArrayList<>();
    List<Double> ratios = new ArrayList<>();
    try (Application plain = builder(Target.PREFIX + "plain_").build();
        Application signed =
            builder(Target.PREFIX + "signed_").signingKey(keys.signingKey()).build()) {
      for (int round = 0; round < WARMUPS + ROUNDS; round++) {
        double plainRate = append(plain, accountsPerRound);
        double signedRate = append(signed, accountsPerRound);
        if (round >= WARMUPS) {
          plainRates.add(plainRate);
          signedRates.add(signedRate);
          ratios.add(signedRate / plainRate);
        }
      }
      long covered = signed.checkpoint().orElseThrow().events();
      long audited = signed.audit().checkpointedEvents();
      if (covered != audited) {
        throw new IllegalStateException("signed " + covered + ", audited " + audited);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| append with SIGNING_KEY (checkpoint every 1000 events), new accounts of 10 events |"
            + " %,.0f | %,.0f (without) | %.3f | >= 0.95 |%n",
        median(signedRates),
        median(plainRates),
        median(ratios));
  }

  private static double append(Application app, int accounts) {
    AccountRepository repository = AccountRepository.of(app);
    long start = System.nanoTime();
    for (int i = 0; i < accounts; i++) {
      Account account = Account.open(UUID.randomUUID(), "owner-" + i);
      for (int version = 1; version < 10; version++) {
        account.deposit(Contender.amount(version), Contender.reference(version));
      }
      repository.save(account);
    }
    return accounts * 10.0 / seconds(start);
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static double median(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
