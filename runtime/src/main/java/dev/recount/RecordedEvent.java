package dev.recount;

import java.time.Instant;
import java.util.UUID;

/**
 * A stored event, decoded and checked: the event record with the metadata the store keeps for it.
 *
 * @param originatorId the aggregate the event belongs to
 * @param originatorVersion the aggregate's version after the event
 * @param timestamp when the event was triggered
 * @param topic the stable name of the event's type
 * @param event the {@code @Event} record (or {@link AggregateRoot.Discarded})
 * @param previousHash hex hash of the aggregate's previous event; empty for the first, or when
 *     hashing is off
 * @param hash hex hash of this event, chained onto {@code previousHash}; empty when hashing is off
 * @param notificationId the event's position in the application's notification log
 * @param metadata the event's {@link Metadata}; {@code null} if it has none
 */
public record RecordedEvent(
    UUID originatorId,
    long originatorVersion,
    Instant timestamp,
    String topic,
    Object event,
    String previousHash,
    String hash,
    long notificationId,
    Metadata metadata) {

  /** A recorded event without metadata. */
  public RecordedEvent(
      UUID originatorId,
      long originatorVersion,
      Instant timestamp,
      String topic,
      Object event,
      String previousHash,
      String hash,
      long notificationId) {
    this(
        originatorId,
        originatorVersion,
        timestamp,
        topic,
        event,
        previousHash,
        hash,
        notificationId,
        null);
  }
}
