package dev.recount.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import java.time.Duration;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The segment of an aggregate is part of the stored format (positions are kept per segment), so its
 * function is pinned here; and a leased follower's settings are checked when it is built.
 */
class LeasedFollowerSettingsTest {
  @Test
  void theSegmentOfAnAggregateIsTheSameInEveryVersion() {
    assertSegments("00000000-0000-0000-0000-000000000000", 0, 0, 0, 0);
    assertSegments("00000000-0000-0000-0000-000000000001", 0, 0, 0, 812);
    assertSegments("123e4567-e89b-42d3-a456-426614174000", 1, 3, 1, 283);
    assertSegments("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", 1, 3, 3, 567);
    assertSegments("01890a5d-ac96-774b-bcce-b302099a8057", 1, 1, 4, 661);
  }

  private static void assertSegments(String id, int of2, int of4, int of7, int of1024) {
    UUID uuid = UUID.fromString(id);
    assertThat(LeasedFollower.segmentOf(uuid, 1)).isZero();
    assertThat(LeasedFollower.segmentOf(uuid, 2)).as("%s of 2", id).isEqualTo(of2);
    assertThat(LeasedFollower.segmentOf(uuid, 4)).as("%s of 4", id).isEqualTo(of4);
    assertThat(LeasedFollower.segmentOf(uuid, 7)).as("%s of 7", id).isEqualTo(of7);
    assertThat(LeasedFollower.segmentOf(uuid, 1024)).as("%s of 1024", id).isEqualTo(of1024);
  }

  @Test
  void randomAndTimeOrderedIdsSpreadEvenly() {
    Random random = new Random(1);
    int[] counts = new int[4];
    int[] timeOrdered = new int[4];
    long millis = 1_700_000_000_000L;
    for (int i = 0; i < 40_000; i++) {
      counts[LeasedFollower.segmentOf(UUID.randomUUID(), 4)]++;
      // UUIDv7-like: the time in the high bits, a small counter, few random bits
      long high = ((millis + i) << 16) | 0x7000 | (i & 0xfff);
      long low = 0x8000000000000000L | random.nextInt(16);
      timeOrdered[LeasedFollower.segmentOf(new UUID(high, low), 4)]++;
    }
    assertThat(java.util.Arrays.stream(counts).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(9_000, 11_000));
    assertThat(java.util.Arrays.stream(timeOrdered).boxed().toList())
        .allSatisfy(count -> assertThat(count).isBetween(9_000, 11_000));
  }

  @Test
  void settingsAreCheckedWhenBuilt() {
    try (Application leader = Application.builder().build();
        Application application = Application.builder().build()) {
      ProcessApplication process = ProcessApplication.builder("counter", application)
          .follow("orders", leader.log())
          .policy((notification, unit) -> {})
          .build();
      assertThatThrownBy(() -> LeasedFollower.builder(process).segments(0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("segments 0 is out of range 1..1024");
      assertThatThrownBy(() -> LeasedFollower.builder(process).instance("a b"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lease holder 'a b' must be");
      assertThatThrownBy(() -> LeasedFollower.builder(process)
              .leaseDuration(Duration.ofSeconds(2))
              .renewInterval(Duration.ofSeconds(1))
              .build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("the renew interval PT1S must be positive and under half the lease"
              + " duration PT2S");
      assertThatThrownBy(() -> Leases.of(application, Duration.ofMillis(10)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("too short");
      assertThatThrownBy(() -> Leases.of(application, Duration.ofSeconds(1)).claim("a:b", 0, "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("lease name 'a:b' must be");
    }
  }

  /**
   * Over any data source and prefix (a projection's own database): the table is made, and a lease
   * fences a transaction on a connection of that data source.
   */
  @Test
  void leasesOverADataSourceFenceTransactionsOnItsConnections() throws Exception {
    org.h2.jdbcx.JdbcDataSource dataSource = new org.h2.jdbcx.JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:leases-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Leases leases = Leases.over(dataSource, "view_", Duration.ofSeconds(30));
    Lease lease = leases.claim("view", 0, "a").orElseThrow();
    assertThat(leases.claim("view", 0, "b")).isEmpty();
    assertThat(lease.toString()).isEqualTo("view/0 held by a with token 1");
    try (java.sql.Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      assertThat(lease.fence(connection)).isTrue();
      connection.commit();
    }
    assertThat(lease.renew()).isTrue();
    lease.release();
    assertThat(lease.renew()).as("renewed after its release").isFalse();
    Lease next = leases.claim("view", 0, "b").orElseThrow();
    assertThat(next.token()).isGreaterThan(lease.token());
    try (java.sql.Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      assertThat(lease.fence(connection)).as("the old lease's fence").isFalse();
      connection.rollback();
    }
  }

  @Test
  void anInstanceAloneTakesEverySegmentAndGivesThemBackWhenItStops() throws Exception {
    try (Application leader = Application.builder().build();
        Application application = Application.builder().build()) {
      ProcessApplication process = ProcessApplication.builder("counter", application)
          .follow("orders", leader.log())
          .policy((notification, unit) -> {})
          .build();
      LeasedFollower follower = LeasedFollower.builder(process)
          .segments(3)
          .instance("alone")
          .leaseDuration(Duration.ofSeconds(30))
          .renewInterval(Duration.ofMillis(100))
          .build()
          .start();
      assertThat(follower.held()).containsOnlyKeys(0, 1, 2);
      assertThat(follower.held().values()).allSatisfy(token -> assertThat(token).isPositive());
      follower.stop();
      assertThat(follower.held()).isEmpty();
      // Released, not left to expire: another instance claims at once.
      Leases leases = Leases.of(application, Duration.ofSeconds(30));
      for (int segment = 0; segment < 3; segment++) {
        assertThat(leases.claim("counter", segment, "next")).isPresent();
      }
    }
  }
}
