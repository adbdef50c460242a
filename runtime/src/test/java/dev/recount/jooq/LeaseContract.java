package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.internal.FenceRefused;
import dev.recount.internal.LeaseTable;
import dev.recount.internal.Recorder;
import dev.recount.internal.Tracking;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The table of leases on a real database: a lease is one holder's until it expires by the
 * database's clock, every claim gets a larger fencing token, and a holder whose lease was claimed
 * by another can neither renew it nor pass its fence, so a save fenced by it is rolled back whole.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LeaseContract {
  /** Short, so that the tests wait little for leases to run out. */
  private static final long DURATION = 400;
  /** For a lease that must outlast the test, however slow the machine. */
  private static final long LONG = 60_000;

  TestDatabase db;
  String prefix;
  Recorder recorder;
  LeaseTable leases;

  abstract TestDatabase database();

  @BeforeEach
  void open() {
    db = database().requireReachable();
    prefix = TestDatabase.newPrefix("lease");
    recorder = Recorders.open(db.url, db.user, db.password, prefix, true, 4);
    leases = recorder.leases();
  }

  @AfterEach
  void close() {
    if (recorder != null) {
      recorder.close();
    }
    if (prefix != null) {
      db.drop(prefix);
    }
  }

  @Test
  void aLeaseIsOneHoldersUntilItExpiresAndEveryClaimGetsALargerToken() throws Exception {
    long first = leases.claim("view", 0, "a", LONG);
    assertThat(first).isPositive();
    assertThat(leases.claim("view", 0, "b", DURATION))
        .as("claimed while a holds it")
        .isZero();
    assertThat(leases.claim("view", 1, "b", LONG)).as("another segment").isPositive();
    assertThat(leases.renew("view", 0, "a", first, DURATION)).isTrue();

    Thread.sleep(DURATION + 100);
    assertThat(live("view", 0)).as("expired by the database's clock").isFalse();
    long second = leases.claim("view", 0, "b", LONG);
    assertThat(second).isGreaterThan(first);
    assertThat(leases.renew("view", 0, "a", first, DURATION))
        .as("a renews too late")
        .isFalse();
    assertThat(fence("a", first)).as("a's fence").isFalse();
    assertThat(fence("b", second)).as("b's fence").isTrue();

    leases.release("view", 0, "a", first); // not a's any more: nothing happens
    assertThat(live("view", 0)).isTrue();
    leases.release("view", 0, "b", second);
    assertThat(live("view", 0)).isFalse();
    assertThat(leases.claim("view", 0, "a", DURATION)).isGreaterThan(second);
  }

  @Test
  void aSaveFencedByALostLeaseIsRolledBackWhole() throws Exception {
    long lost = leases.claim("counter", 0, "a", DURATION);
    Thread.sleep(DURATION + 100);
    long taken = leases.claim("counter", 0, "b", LONG);
    assertThat(taken).isGreaterThan(lost);
    UUID id = UUID.randomUUID();

    assertThatThrownBy(() -> recorder.insert(
            List.of(RecorderContract.event(id, 1)),
            List.of(),
            new Tracking("counter", "orders", 7, "orders:0/1", fenced("a", lost))))
        .isInstanceOf(FenceRefused.class);
    assertThat(recorder.events(id, 1, 9, false, 9))
        .as("events of the refused save")
        .isEmpty();
    assertThat(recorder.maxTracked("counter", "orders")).isZero();
    assertThat(recorder.maxTracked("counter", "orders:0/1")).isZero();

    recorder.insert(
        List.of(RecorderContract.event(id, 1)),
        List.of(),
        new Tracking("counter", "orders", 7, "orders:0/1", fenced("b", taken)));
    assertThat(recorder.events(id, 1, 9, false, 9)).hasSize(1);
    assertThat(recorder.maxTracked("counter", "orders")).isEqualTo(7);
    assertThat(recorder.maxTracked("counter", "orders:0/1")).isEqualTo(7);
  }

  @Test
  void rowsListTheLeasesOfANameAndWhetherTheyAreLive() {
    leases.claim("view_1", 0, "a", DURATION);
    leases.claim("view_1", 1, "b", 60_000);
    leases.claim("viewx1", 0, "c", DURATION); // '_' is no wildcard here
    assertThat(leases.rows("view_1"))
        .extracting(LeaseTable.Row::name, LeaseTable.Row::segment, LeaseTable.Row::holder)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("view_1", 0, "a"),
            org.assertj.core.groups.Tuple.tuple("view_1", 1, "b"));
  }

  private Tracking.Fence fenced(String holder, long token) {
    return connection -> {
      if (!leases.fence(connection, "counter", 0, holder, token, LONG)) {
        throw new FenceRefused(holder + " lost the lease");
      }
    };
  }

  private boolean fence(String holder, long token) throws Exception {
    try (Connection connection = db.connect()) {
      connection.setAutoCommit(false);
      boolean passed = leases.fence(connection, "view", 0, holder, token, LONG);
      connection.commit();
      return passed;
    }
  }

  private boolean live(String name, int segment) {
    return leases.rows(name).stream()
        .anyMatch(row -> row.name().equals(name) && row.segment() == segment && row.live());
  }
}
