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
import java.util.List;
import java.util.Locale;
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

  static void run(Target target) throws Exception {
    target.reset();
    IntegrityBenchmark benchmark = new IntegrityBenchmark(target);
    int accounts = target.isH2() ? 5000 : 2000;
    benchmark.audit(accounts);
    benchmark.signing(target.isH2() ? 400 : 200);
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
    try (Application auditor = builder(prefix).readOnly(true).build();
        Connection connection =
            DriverManager.getConnection(target.url(), target.user(), target.password())) {
      AuditOptions recordsOnly = AuditOptions.defaults().recordsOnly();
      for (int round = 0; round < WARMUPS + ROUNDS; round++) {
        long start = System.nanoTime();
        long audited = auditor.audit(recordsOnly).events();
        double recountRate = audited / seconds(start);
        start = System.nanoTime();
        long read = rawAudit(connection, prefix + "events", codec);
        double rawRate = read / seconds(start);
        if (audited != read || audited != accounts * 10L) {
          throw new IllegalStateException("audited " + audited + ", read " + read);
        }
        if (round >= WARMUPS) {
          recount.add(recountRate);
          raw.add(rawRate);
          ratios.add(recountRate / rawRate);
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "| audit without the key, %,d events (accounts of 10, a snapshot every 5) | %,.0f | %,.0f"
            + " | %.2f | >= 0.8 |%n",
        accounts * 10L,
        median(recount),
        median(raw),
        median(ratios));
  }

  /** Plain JDBC: every event row in one query, each one's hash and chain checked. */
  private static long rawAudit(Connection connection, String table, RawCodec codec)
      throws SQLException {
    String sql = "SELECT \"originator_id\", \"originator_version\", \"topic\", \"timestamp_us\","
        + " \"state\", \"previous_hash\", \"hash\" FROM \"" + table + "\""
        + " ORDER BY \"originator_id\", \"originator_version\"";
    long rows = 0;
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false); // PostgreSQL fetches in pages only inside a transaction
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      select.setFetchSize(1000);
      try (ResultSet row = select.executeQuery()) {
        UUID current = null;
        byte[] previous = null;
        while (row.next()) {
          UUID id = row.getObject(1, UUID.class);
          if (!id.equals(current)) {
            current = id;
            previous = null;
          }
          byte[] hash = row.getBytes(7);
          codec.checkEvent(
              previous,
              row.getBytes(6),
              hash,
              id,
              row.getLong(2),
              row.getString(3),
              row.getLong(4),
              row.getBytes(5));
          previous = hash;
          rows++;
        }
      }
    } finally {
      connection.commit();
      connection.setAutoCommit(autoCommit);
    }
    return rows;
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
