package dev.recount.projection;

import dev.recount.internal.FairShare;
import dev.recount.internal.LeaseTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of one instance of a projection on its segments, in {@code <prefix>leases} beside its
 * positions: which segments it works on, each with the fencing token of its claim. Each
 * {@link #round} renews what it holds and takes its share of the segments, as a
 * {@code LeasedFollower} does, by the rule of {@link FairShare} (each instance keeps a presence
 * row, named {@code <projection>:instance:<instance>}); an instance over its share gives one back
 * (once the batch of it under way has ended), one under it claims free or expired ones. Every batch
 * is fenced by its segment's lease ({@link #check}).
 */
final class SegmentLeases implements Claim {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.projection");

  private final LeaseTable table;
  private final String name;
  private final String instance;
  private final int segments;
  private final long durationMillis;
  /** Segment to token, for what this instance holds and works on. */
  private final Map<Integer, Long> held = new ConcurrentHashMap<>();
  /**
   * Segment to token, for what this instance gives back: no batch starts on it, and its lease is
   * renewed until the batch under way has committed, then released.
   */
  private final Map<Integer, Long> leaving = new ConcurrentHashMap<>();

  private long presenceToken;

  SegmentLeases(LeaseTable table, String name, String instance, int segments, long durationMillis) {
    this.table = table;
    this.name = name;
    this.instance = instance;
    this.segments = segments;
    this.durationMillis = durationMillis;
  }

  String instance() {
    return instance;
  }

  /** Whether it works on {@code segment}: holds its lease, and is not giving it back. */
  boolean holds(int segment) {
    return held.containsKey(segment);
  }

  /** The segments held now, each with its fencing token, by segment. */
  Map<Integer, Long> held() {
    return Collections.unmodifiableMap(new TreeMap<>(held));
  }

  /**
   * Renews presence and leases, releases those given back whose batch has ended, then, unless one
   * is still being given back, takes this instance's share.
   *
   * @param applying whether a batch of a segment is under way
   * @return whether it claimed a segment
   */
  synchronized boolean round(IntPredicate applying) {
    renew();
    for (Map.Entry<Integer, Long> lease : new ArrayList<>(leaving.entrySet())) {
      if (!applying.test(lease.getKey())) {
        release(lease.getKey(), lease.getValue());
      }
    }
    if (!leaving.isEmpty()) {
      return false;
    }
    FairShare fair = FairShare.read(table, name, instance, segments);
    OptionalInt surplus = fair.surplus(held.keySet());
    if (surplus.isPresent()) {
      int segment = surplus.getAsInt();
      // No batch of it starts from now on; one under way commits under the lease, which the
      // rounds renew until it has ended.
      leaving.put(segment, held.remove(segment));
      if (!applying.test(segment)) {
        release(segment, leaving.get(segment));
      }
      return false;
    }
    boolean claimed = false;
    for (int segment : fair.claimable(held.keySet())) {
      if (held.size() >= fair.share()) {
        break;
      }
      long token = table.claim(name, segment, instance, durationMillis);
      if (token != 0) {
        held.put(segment, token);
        claimed = true;
        LOG.info("projection {} instance {} works on segment {}", name, instance, segment);
      }
    }
    return claimed;
  }

  /** Renews presence and leases, and forgets those it has lost: no claim, no give-back. */
  synchronized void renew() {
    if (presenceToken == 0
        || !table.renew(presenceName(instance), 0, instance, presenceToken, durationMillis)) {
      presenceToken = table.claim(presenceName(instance), 0, instance, durationMillis);
    }
    for (Map.Entry<Integer, Long> lease : new ArrayList<>(held.entrySet())) {
      if (!table.renew(name, lease.getKey(), instance, lease.getValue(), durationMillis)) {
        lost(lease.getKey(), lease.getValue());
      }
    }
    for (Map.Entry<Integer, Long> lease : new ArrayList<>(leaving.entrySet())) {
      if (!table.renew(name, lease.getKey(), instance, lease.getValue(), durationMillis)) {
        lost(lease.getKey(), lease.getValue());
      }
    }
  }

  private void release(int segment, long token) {
    leaving.remove(segment, token);
    table.release(name, segment, instance, token);
    LOG.info("projection {} instance {} gave back segment {}", name, instance, segment);
  }

  @Override
  public void check(Connection batch, String projection, int segment) throws SQLException {
    Long token = held.get(segment);
    if (token == null) {
      token = leaving.get(segment); // its last batch, under way when it was given back
    }
    if (token == null || !table.fence(batch, name, segment, instance, token, durationMillis)) {
      if (token != null) {
        lost(segment, token);
      }
      throw new Lost(projection, segment);
    }
  }

  private void lost(int segment, long token) {
    if (held.remove(segment, token) | leaving.remove(segment, token)) {
      LOG.warn("projection {} instance {} lost segment {}", name, instance, segment);
    }
  }

  /** Gives every lease and the presence back, so that the other instances take over at once. */
  synchronized void releaseAll() {
    leaving.putAll(held);
    held.clear();
    for (Map.Entry<Integer, Long> lease : new ArrayList<>(leaving.entrySet())) {
      leaving.remove(lease.getKey());
      table.release(name, lease.getKey(), instance, lease.getValue());
    }
    if (presenceToken != 0) {
      table.release(presenceName(instance), 0, instance, presenceToken);
    }
  }

  private String presenceName(String holder) {
    return FairShare.presenceName(name, holder);
  }
}
