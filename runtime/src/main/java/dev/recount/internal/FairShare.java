package dev.recount.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the live instances of one leased worker (a {@code LeasedFollower}'s process application, a
 * leased {@code ProjectionRunner}'s projection) divide its segments, as the lease rows show them
 * now: the instances, in the order of their names, get {@code segments / k} segments each and the
 * first {@code segments % k} of them one more. An instance holding more than its share gives one
 * back (its largest); one holding fewer claims free or expired segments, starting at {@code rank *
 * segments / k} so that claimants rarely collide on the same row.
 *
 * <p>An instance is live while its presence row, {@code <name>:instance:<instance>} segment 0, is
 * held and unexpired: each instance renews its own at every round. The instance asking always
 * counts itself, even before its presence row is written.
 */
public final class FairShare {
  private static final String PRESENCE = ":instance:";

  private final int segments;
  private final int instances;
  private final int share;
  private final int first;
  /** The lease rows of the segments, by segment. */
  private final Map<Integer, LeaseTable.Row> rows;

  private FairShare(int segments, int instances, int rank, Map<Integer, LeaseTable.Row> rows) {
    this.segments = segments;
    this.instances = instances;
    this.share = segments / instances + (rank < segments % instances ? 1 : 0);
    this.first = rank * segments / instances;
    this.rows = rows;
  }

  /** Reads the rows of {@code name} and of its instances' presence in {@code table}. */
  public static FairShare read(LeaseTable table, String name, String instance, int segments) {
    return of(table.rows(name), name, instance, segments);
  }

  /** The share of {@code instance} given the rows of {@code name} (segments and presence). */
  public static FairShare of(
      List<LeaseTable.Row> rows, String name, String instance, int segments) {
    if (segments < 1) {
      throw new IllegalArgumentException("segments " + segments + " is not positive");
    }
    TreeSet<String> live = new TreeSet<>();
    live.add(instance);
    Map<Integer, LeaseTable.Row> segmentRows = new TreeMap<>();
    String presence = presenceName(name, "");
    for (LeaseTable.Row row : rows) {
      if (row.name().equals(name)) {
        if (row.segment() < segments) {
          segmentRows.put(row.segment(), row);
        }
      } else if (row.name().startsWith(presence) && row.holder() != null && row.live()) {
        live.add(row.holder());
      }
    }
    return new FairShare(segments, live.size(), live.headSet(instance).size(), segmentRows);
  }

  /** The name of {@code instance}'s presence row among those of {@code name}. */
  public static String presenceName(String name, String instance) {
    return name + PRESENCE + instance;
  }

  /** How many live instances there are, this one included. */
  public int instances() {
    return instances;
  }

  /** How many segments this instance should hold. */
  public int share() {
    return share;
  }

  /**
   * The segment to give back when holding {@code held}, more than the share: the largest; empty
   * when {@code held} is not more than the share.
   */
  public OptionalInt surplus(Set<Integer> held) {
    return held.size() > share ? OptionalInt.of(Collections.max(held)) : OptionalInt.empty();
  }

  /**
   * The segments to try to claim, in order, while holding {@code held} fewer than the share: those
   * that nobody holds or whose lease has expired, starting at this instance's own offset; empty
   * when the share is held. Claim them in order until the share is held: a claim may fail (another
   * instance was quicker), and then the next one is tried.
   */
  public List<Integer> claimable(Set<Integer> held) {
    List<Integer> claimable = new ArrayList<>();
    if (held.size() >= share) {
      return claimable;
    }
    for (int i = 0; i < segments; i++) {
      int segment = (first + i) % segments;
      LeaseTable.Row row = rows.get(segment);
      if (held.contains(segment) || (row != null && row.holder() != null && row.live())) {
        continue;
      }
      claimable.add(segment);
    }
    return claimable;
  }
}
