package dev.recount.process;

import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.store.EventStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a follower is in an upstream's log, read from its tracking rows, whether it runs whole or
 * split into segments by a {@link LeasedFollower}.
 *
 * <p>Unsegmented, a follower processes the log in order, so its largest tracked id is its position:
 * everything it follows up to it is processed. Segmented, each segment is processed in order from
 * its own position ({@code <upstream>:<index>/<count>} rows), but the segments run apart: the
 * largest id tracked under the plain name may be far ahead of a segment that is behind. So the
 * position of a segmented follower is its low-water mark, the smallest of its segments' positions
 * (a segment that never tracked anything counts as 0), and {@link #processed} checks exactly: a
 * notification above a segment's position is processed only if its plain tracking row exists.
 *
 * <p>Which segmentation: the segment count whose rows reached the largest id, since a changed count
 * makes new rows and leaves the old ones. A follower that ran segmented and then unsegmented (its
 * plain rows reach beyond every segment's) is taken as unsegmented: its largest tracked id is where
 * it goes on from.
 */
final class TrackedPosition {
  private final long low;
  /** The positions of the current segmentation's segments, by index; null when unsegmented. */
  private final long[] segments;

  private TrackedPosition(long low, long[] segments) {
    this.low = low;
    this.segments = segments;
  }

  /** Reads where {@code follower} is in {@code upstream}'s log; never before {@code startAfter}. */
  static TrackedPosition read(EventStore store, String follower, String upstream, long startAfter) {
    long plain = store.maxTracked(follower, upstream);
    Map<String, Long> rows = store.maxTrackedByPrefix(follower, upstream + ":");
    // count -> (index -> position), for each segmentation with rows
    Map<Integer, Map<Integer, Long>> segmentations = new TreeMap<>();
    for (Map.Entry<String, Long> row : rows.entrySet()) {
      String qualifier = row.getKey().substring(upstream.length() + 1);
      int slash = qualifier.indexOf('/');
      if (slash < 1) {
        continue; // not a segment's name
      }
      try {
        int index = Integer.parseInt(qualifier.substring(0, slash));
        int count = Integer.parseInt(qualifier.substring(slash + 1));
        if (index >= 0 && index < count) {
          segmentations.computeIfAbsent(count, c -> new TreeMap<>()).put(index, row.getValue());
        }
      } catch (NumberFormatException e) {
        // not a segment's name
      }
    }
    int current = 0;
    long reached = 0;
    for (Map.Entry<Integer, Map<Integer, Long>> segmentation : segmentations.entrySet()) {
      long max = segmentation.getValue().values().stream()
          .mapToLong(Long::longValue)
          .max()
          .orElse(0);
      if (current == 0 || max >= reached) {
        current = segmentation.getKey();
        reached = max;
      }
    }
    if (current == 0 || plain > reached) {
      return new TrackedPosition(Math.max(startAfter, plain), null);
    }
    long[] positions = new long[current];
    long low = Long.MAX_VALUE;
    Map<Integer, Long> byIndex = segmentations.get(current);
    for (int index = 0; index < current; index++) {
      positions[index] = Math.max(startAfter, byIndex.getOrDefault(index, 0L));
      low = Math.min(low, positions[index]);
    }
    return new TrackedPosition(low, positions);
  }

  /** Everything followed up to this id is processed. */
  long position() {
    return low;
  }

  /** The number of segments, or 0 when unsegmented. */
  int segments() {
    return segments == null ? 0 : segments.length;
  }

  /**
   * Whether every notification of {@code topics} (empty: all) up to {@code position} is processed.
   * Segmented, this reads the log from the low-water mark up to {@code position} (a page of 1,000
   * at a time), and the tracking rows of the notifications above their own segment's position.
   */
  boolean processed(
      EventStore store,
      NotificationLog log,
      String follower,
      String upstream,
      Set<String> topics,
      long position) {
    if (segments == null || low >= position) {
      return Progress.processed(log, low, topics, position);
    }
    // The visible head first, as Progress.processed explains: then no id up to position is still
    // in flight, and what the pages below show is all there will ever be.
    if (log.maxId() < position) {
      return false;
    }
    long from = low + 1;
    while (from <= position) {
      List<Notification> page = log.select(from, position, NotificationLog.MAX_LIMIT, topics);
      if (page.isEmpty()) {
        return true;
      }
      List<Long> above = new ArrayList<>();
      for (Notification notification : page) {
        int segment = Segment.of(notification.originatorId(), segments.length);
        if (notification.id() > segments[segment]) {
          above.add(notification.id()); // processed only if tracked (by an earlier runner, say)
        }
      }
      if (!above.isEmpty() && store.tracked(follower, upstream, above).size() < above.size()) {
        return false;
      }
      from = page.get(page.size() - 1).id() + 1;
    }
    return true;
  }
}
