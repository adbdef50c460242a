package dev.recount;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as the database holds it: what an auditor sees without the cipher key.
 *
 * @param originatorId the aggregate the event belongs to
 * @param originatorVersion the aggregate's version after the event (1 for its first)
 * @param topic the stable name of the event's type
 * @param timestampMicros when the event was triggered, in microseconds since the epoch
 * @param state the event's JSON after optional compression and encryption, behind a format byte
 * @param previousHash the hash of the aggregate's event before this one; {@code null} for the first
 *     event and when hashing is off
 * @param hash SHA-256 over this record and {@code previousHash}; {@code null} when hashing is off
 * @param notificationId the event's position in the application's notification log; {@code 0}
 *     before it is recorded
 * @param metadata the event's {@link Metadata} as stored (a format byte, then its JSON, encrypted
 *     as the state is); {@code null} if it has none
 */
public record StoredEvent(
    UUID originatorId,
    long originatorVersion,
    String topic,
    long timestampMicros,
    byte[] state,
    byte[] previousHash,
    byte[] hash,
    long notificationId,
    byte[] metadata) {

  public StoredEvent {
    Objects.requireNonNull(originatorId, "originatorId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(state, "state");
  }

  /** An event without metadata, as every event stored before metadata existed. */
  public StoredEvent(
      UUID originatorId,
      long originatorVersion,
      String topic,
      long timestampMicros,
      byte[] state,
      byte[] previousHash,
      byte[] hash,
      long notificationId) {
    this(
        originatorId,
        originatorVersion,
        topic,
        timestampMicros,
        state,
        previousHash,
        hash,
        notificationId,
        null);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredEvent that
        && originatorId.equals(that.originatorId)
        && originatorVersion == that.originatorVersion
        && topic.equals(that.topic)
        && timestampMicros == that.timestampMicros
        && Arrays.equals(state, that.state)
        && Arrays.equals(previousHash, that.previousHash)
        && Arrays.equals(hash, that.hash)
        && notificationId == that.notificationId
        && Arrays.equals(metadata, that.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(originatorId, originatorVersion, notificationId);
  }

  @Override
  public String toString() {
    return "StoredEvent{" + originatorId + " v" + originatorVersion + " " + topic + " #"
        + notificationId + ", " + state.length + " bytes"
        + (metadata == null ? "" : ", " + metadata.length + " bytes of metadata") + "}";
  }
}
