package dev.recount.benchmarks;

import dev.recount.Application;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * What the boundary locks cost a plain save on PostgreSQL (docs/DCB.md, "Cost"): one-event save
 * transactions in raw JDBC, shaped like Recount's, on tables and a {@code lock_keys} function that
 * Recount created. Three lanes, taking turns in a rotating order each round:
 *
 * <ul>
 *   <li>{@code none}: INSERT, COMMIT;
 *   <li>{@code separate}: SELECT lock_keys (two shared keys, {@code all} and {@code type:T}, what
 *       an untagged save takes), INSERT, COMMIT: what Recount does;
 *   <li>{@code pipelined}: the lock_keys SELECT and the INSERT sent as one statement text, so in
 *       one round trip; the server still runs them in order.
 * </ul>
 *
 * <p>{@code java -cp benchmarks.jar dev.recount.benchmarks.LockKeysBenchmark [saves per turn]
 * [rounds]}. The ratio is the median of round-by-round ratios to {@code none}.
 */
public final class LockKeysBenchmark {
  private static final String[] LANES = {"none", "separate", "pipelined"};

  private final Target target = Target.postgres();
  private final String prefix =
      Target.PREFIX + "lk_" + UUID.randomUUID().toString().substring(0, 8) + "_";

  private LockKeysBenchmark() {}

  public static void main(String[] args) throws Exception {
    int saves = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
    new LockKeysBenchmark().run(saves, rounds);
  }

  private void run(int saves, int rounds) throws Exception {
    // Only the tables and the function are wanted.
    Application.builder()
        .dbUri(target.url())
        .dbUser(target.user())
        .dbPassword(target.password())
        .tablePrefix(prefix)
        .build()
        .close();
    try (Connection connection =
        DriverManager.getConnection(target.url(), target.user(), target.password())) {
      connection.setAutoCommit(false);
      for (String lane : LANES) {
        turn(connection, lane, saves / 5); // warm-up
      }
      double[][] perSecond = new double[rounds][LANES.length];
      for (int round = 0; round < rounds; round++) {
        for (int turn = 0; turn < LANES.length; turn++) {
          int lane = (round + turn) % LANES.length;
          perSecond[round][lane] = turn(connection, LANES[lane], saves);
        }
      }
      System.out.println("One-event saves/s on " + target.name() + ", " + rounds + " rounds of "
          + saves + " per lane; load average " + loadAverage() + " at the end:");
      System.out.println();
      System.out.println("| lane | median saves/s | median ratio to none |");
      System.out.println("| --- | ---: | ---: |");
      for (int lane = 0; lane < LANES.length; lane++) {
        double[] rates = new double[rounds];
        double[] ratios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
          rates[round] = perSecond[round][lane];
          ratios[round] = perSecond[round][lane] / perSecond[round][0];
        }
        System.out.printf(
            Locale.ROOT, "| %s | %.0f | %.2f |%n", LANES[lane], median(rates), median(ratios));
      }
    } finally {
      drop();
    }
  }

  private double turn(Connection connection, String lane, int saves) throws SQLException {
    String insert = "INSERT INTO \"" + prefix + "events\" (\"notification_id\", \"originator_id\","
        + " \"originator_version\", \"topic\", \"timestamp_us\", \"state\") VALUES (nextval('\""
        + prefix + "notification_ids\"'), ?, 1, 'T', 1, ?)";
    String lock = "SELECT \"" + prefix + "lock_keys\"(?, ?)";
    byte[] state = new byte[200];
    long start = System.nanoTime();
    for (int i = 0; i < saves; i++) {
      switch (lane) {
        case "none" -> insert(connection, insert, 1, state);
        case "separate" -> {
          try (PreparedStatement locking = connection.prepareStatement(lock)) {
            keys(connection, locking);
            try (ResultSet done = locking.executeQuery()) {
              done.next();
            }
          }
          insert(connection, insert, 1, state);
        }
        default -> {
          try (PreparedStatement both = connection.prepareStatement(lock + "; " + insert)) {
            keys(connection, both);
            both.setObject(3, UUID.randomUUID());
            both.setBytes(4, state);
            if (!both.execute() || both.getMoreResults() || both.getUpdateCount() != 1) {
              throw new IllegalStateException("the pipelined save did not insert one row");
            }
          }
        }
      }
      connection.commit();
    }
    return saves / ((System.nanoTime() - start) / 1e9);
  }

  /** The two keys of an untagged one-event save: {@code all} and its type's, shared. */
  private static void keys(Connection connection, PreparedStatement statement) throws SQLException {
    Array keys = connection.createArrayOf("bigint", new Long[] {-4_611_686_018_427_387_904L, 17L});
    Array modes = connection.createArrayOf("boolean", new Boolean[] {false, false});
    statement.setArray(1, keys);
    statement.setArray(2, modes);
  }

  private static void insert(Connection connection, String sql, int first, byte[] state)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(sql)) {
      insert.setObject(first, UUID.randomUUID());
      insert.setBytes(first + 1, state);
      insert.executeUpdate();
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
          .split(" ")[0];
    } catch (java.io.IOException e) {
      return "unknown";
    }
  }

  private void drop() throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(target.url(), target.user(), target.password());
        Statement statement = connection.createStatement()) {
      for (String table : List.of(
          "event_tags", "events", "snapshots", "tracking", "lock", "subject_keys", "checkpoints")) {
        statement.execute("DROP TABLE IF EXISTS \"" + prefix + table + "\"");
      }
      statement.execute("DROP SEQUENCE IF EXISTS \"" + prefix + "notification_ids\"");
      statement.execute("DROP FUNCTION IF EXISTS \"" + prefix + "reserve_ids\"(integer)");
      statement.execute("DROP FUNCTION IF EXISTS \"" + prefix + "visible_below\"()");
      statement.execute("DROP FUNCTION IF EXISTS \"" + prefix + "lock_keys\"(bigint[], boolean[])");
    }
  }
}
