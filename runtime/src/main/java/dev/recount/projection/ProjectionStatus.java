package dev.recount.projection;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a projection is, read from its positions table and its log.
 *
 * @param projection the projection's name
 * @param segment the segment whose position {@code position} is: the one furthest behind
 * @param generation the live generation of its tables, which readers use
 * @param position the id of the last notification the live generation has applied
 * @param head the largest id in the log
 * @param lagEvents how many ids the position is behind the head ({@code head - position}; with a
 *     topic filter, an upper bound of the notifications still to apply)
 * @param lagTime how long ago the oldest notification still to apply was stored; zero when none is
 *     left
 * @param updatedAt when the position last moved
 * @param lastError the last failure of a batch of the live generation, or {@code null} if none was
 *     recorded
 * @param lastErrorAt when it failed, or {@code null}
 * @param rebuilding the generation a rebuild is filling, or 0 when none is running
 * @param rebuildPosition that generation's position, or 0
 * @param segments how many segments the projection is split into
 * @param held the segments this instance holds leases on (empty without leases)
 */
public record ProjectionStatus(
    String projection,
    int segment,
    int generation,
    long position,
    long head,
    long lagEvents,
    Duration lagTime,
    Instant updatedAt,
    String lastError,
    Instant lastErrorAt,
    int rebuilding,
    long rebuildPosition,
    int segments,
    Set<Integer> held) {
  public ProjectionStatus {
    held = Collections.unmodifiableSet(new TreeSet<>(held));
  }
}
