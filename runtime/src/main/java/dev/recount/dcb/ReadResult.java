package dev.recount.dcb;

import java.util.List;

/**
 * What a read returns: the matching events and the store's head, both as of one moment.
 *
 * @param events the matching events after the read's {@code after}, by position, at most the read's
 *     limit
 * @param head the highest position in the store at the moment of the read (0 if it was empty):
 *     every event at or before it that matches the query is in {@code events}, unless the limit cut
 *     them off. As an append's {@code after}, it means "nothing matching was stored since I read".
 */
public record ReadResult(List<SequencedEvent> events, long head) {
  public ReadResult {
    events = List.copyOf(events);
  }
}
