package dev.recount.dcb;

import java.time.Instant;
import java.util.Set;

/**
 * A stored event as a DCB read returns it.
 *
 * @param position its position: its notification id, unique and increasing in the order of the
 *     application's notification log
 * @param type its type (the event's topic)
 * @param tags the tags stored with it
 * @param event the decoded event record
 * @param timestamp when it was appended (or, for an aggregate's event, triggered)
 */
public record SequencedEvent(
    long position, String type, Set<String> tags, Object event, Instant timestamp) {
  public SequencedEvent {
    tags = Set.copyOf(tags);
  }
}
