package dev.recount.process;

import dev.recount.internal.Tracking;
import dev.recount.log.Notification;
import java.util.UUID;

/**
 * One of {@code count} segments of a process application's work, {@code index} from 0: the
 * notifications of the aggregates whose ids {@link #of} maps to it, processed in log order by one
 * worker under a lease whose fence every save passes.
 */
record Segment(int index, int count, Tracking.Fence fence) {
  /**
   * The segment of aggregate {@code id} among {@code count}: both 64-bit halves of the UUID
   * exclusive-or'ed, mixed with MurmurHash3's 64-bit finalizer (so that ids that differ only in a
   * few bits, or are time-ordered, still spread), then taken modulo {@code count} as an unsigned
   * number. Part of the stored format: positions are kept per segment, so it must never change.
   */
  static int of(UUID id, int count) {
    long h = id.getMostSignificantBits() ^ id.getLeastSignificantBits();
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) Long.remainderUnsigned(h, count);
  }

  boolean contains(Notification notification) {
    return of(notification.originatorId(), count) == index;
  }

  /**
   * The name under which this segment's tracking rows record its position in {@code upstream}'s
   * log, such as {@code orders:2/4}: a ':' never appears in an application's name, so it cannot be
   * taken for another upstream, and the count is part of it, so that positions of different
   * segmentations are not confused.
   */
  String upstream(String upstream) {
    return upstream + ":" + index + "/" + count;
  }
}
