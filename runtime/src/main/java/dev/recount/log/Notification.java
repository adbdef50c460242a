package dev.recount.log;

import dev.recount.Metadata;
import java.time.Instant;
import java.util.UUID;

/**
 * One entry of an application's notification log: a stored event with its position in the log.
 *
 * @param id the position in the log: unique, increasing in the order followers read them
 * @param originatorId the aggregate that the event belongs to
 * @param originatorVersion the aggregate's version after the event
 * @param timestamp when the event was triggered
 * @param topic the stable name of the event's type
 * @param event the decoded {@code @Event} record
 * @param metadata the event's {@link Metadata}; {@code null} if it has none (stored before metadata
 *     existed, or saved with none), or if it cannot be read (the aggregate was forgotten)
 */
public record Notification(
    long id,
    UUID originatorId,
    long originatorVersion,
    Instant timestamp,
    String topic,
    Object event,
    Metadata metadata) {

  /** A notification of an event without metadata. */
  public Notification(
      long id,
      UUID originatorId,
      long originatorVersion,
      Instant timestamp,
      String topic,
      Object event) {
    this(id, originatorId, originatorVersion, timestamp, topic, event, null);
  }
}
