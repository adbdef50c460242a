package dev.recount.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The one rule by which the instances of a {@code LeasedFollower} and of a leased
 * {@code ProjectionRunner} share segments: every segment goes to exactly one instance when all
 * follow it, shares differ by at most one, and nobody is offered a segment that a live lease holds.
 */
class FairShareTest {
  private static final String NAME = "counter";

  @Test
  void sharesAddUpToTheSegmentsAndDifferByAtMostOne() {
    for (int segments = 1; segments <= 9; segments++) {
      for (int k = 1; k <= 5; k++) {
        List<LeaseTable.Row> rows = presence(k);
        int total = 0;
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int i = 0; i < k; i++) {
          int share = FairShare.of(rows, NAME, "i" + i, segments).share();
          total += share;
          smallest = Math.min(smallest, share);
          largest = Math.max(largest, share);
        }
        assertThat(total).as("%d segments, %d instances", segments, k).isEqualTo(segments);
        assertThat(largest - smallest).isLessThanOrEqualTo(1);
      }
    }
  }

  @Test
  void theFirstInstancesByNameGetTheRemainder() {
    List<LeaseTable.Row> rows = presence(3);
    assertThat(FairShare.of(rows, NAME, "i0", 4).share()).isEqualTo(2);
    assertThat(FairShare.of(rows, NAME, "i1", 4).share()).isEqualTo(1);
    assertThat(FairShare.of(rows, NAME, "i2", 4).share()).isEqualTo(1);
    assertThat(FairShare.of(rows, NAME, "i2", 4).instances()).isEqualTo(3);
  }

  @Test
  void instancesClaimingInTurnFromEmptyRowsEachGetTheirShareAndNoSegmentTwice() {
    for (int segments = 1; segments <= 8; segments++) {
      for (int k = 1; k <= 4; k++) {
        List<LeaseTable.Row> rows = presence(k);
        Set<Integer> taken = new HashSet<>();
        for (int i = 0; i < k; i++) {
          FairShare fair = FairShare.of(rows, NAME, "i" + i, segments);
          Set<Integer> held = new HashSet<>();
          for (int segment : fair.claimable(held)) {
            if (held.size() == fair.share()) {
              break;
            }
            held.add(segment);
            rows.add(new LeaseTable.Row(NAME, segment, "i" + i, 1, true));
          }
          assertThat(held).hasSize(fair.share());
          assertThat(held).noneMatch(taken::contains);
          taken.addAll(held);
        }
        assertThat(taken).hasSize(segments);
      }
    }
  }

  @Test
  void liveLeasesAreNotOfferedButExpiredAndReleasedOnesAre() {
    List<LeaseTable.Row> rows = presence(1);
    rows.add(new LeaseTable.Row(NAME, 0, "gone", 3, true));
    rows.add(new LeaseTable.Row(NAME, 1, "gone", 4, false)); // expired
    rows.add(new LeaseTable.Row(NAME, 2, null, 5, false)); // released
    FairShare fair = FairShare.of(rows, NAME, "i0", 4);
    assertThat(fair.claimable(Set.of())).containsExactly(1, 2, 3);
    assertThat(fair.claimable(Set.of(1, 2, 3))).isEmpty();
  }

  @Test
  void aSecondInstanceStartsClaimingHalfWayRound() {
    List<LeaseTable.Row> rows = presence(2);
    assertThat(FairShare.of(rows, NAME, "i0", 4).claimable(Set.of())).startsWith(0, 1);
    assertThat(FairShare.of(rows, NAME, "i1", 4).claimable(Set.of())).startsWith(2, 3);
  }

  @Test
  void anInstanceOverItsShareGivesBackItsLargestSegment() {
    List<LeaseTable.Row> rows = presence(2);
    FairShare fair = FairShare.of(rows, NAME, "i0", 4);
    assertThat(fair.surplus(Set.of(0, 1))).isEmpty();
    assertThat(fair.surplus(Set.of(0, 1, 3)).getAsInt()).isEqualTo(3);
    assertThat(fair.claimable(Set.of(0, 1))).isEmpty();
  }

  @Test
  void expiredPresenceDoesNotCountButTheAskerAlwaysDoes() {
    List<LeaseTable.Row> rows = new ArrayList<>();
    rows.add(new LeaseTable.Row(FairShare.presenceName(NAME, "dead"), 0, "dead", 1, false));
    rows.add(new LeaseTable.Row(FairShare.presenceName(NAME, "left"), 0, null, 2, false));
    rows.add(new LeaseTable.Row(FairShare.presenceName("other", "x"), 0, "x", 1, true));
    FairShare fair = FairShare.of(rows, NAME, "me", 3);
    assertThat(fair.instances()).isEqualTo(1);
    assertThat(fair.share()).isEqualTo(3);
    assertThat(fair.claimable(Set.of())).containsExactly(0, 1, 2);
    // segment rows of more segments than this instance has (an older segmentation) are ignored
    rows.add(new LeaseTable.Row(NAME, 5, "someone", 1, true));
    assertThat(FairShare.of(rows, NAME, "me", 3).claimable(Set.of())).containsExactly(0, 1, 2);
    assertThatThrownBy(() -> FairShare.of(rows, NAME, "me", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Presence rows of the live instances i0, i1, ... */
  private static List<LeaseTable.Row> presence(int instances) {
    List<LeaseTable.Row> rows = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      rows.add(new LeaseTable.Row(FairShare.presenceName(NAME, "i" + i), 0, "i" + i, 1, true));
    }
    return rows;
  }
}
