package dev.recount;

import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One snapshot of an aggregate as the database holds it.
 *
 * @param originatorId the aggregate
 * @param originatorVersion the version whose state the snapshot holds
 * @param topic the aggregate type's stable name
 * @param timestampMicros when the snapshot was taken, in microseconds since the epoch
 * @param fingerprint the compile-time digest of the shape of the state it holds
 * @param state the state's JSON after optional compression and encryption, behind a format byte
 * @param head the hash of the aggregate's event at {@code originatorVersion}, onto which later
 *     events chain; {@code null} when hashing is off
 * @param hash SHA-256 over this record; {@code null} when hashing is off
 */
public record StoredSnapshot(
    UUID originatorId,
    long originatorVersion,
    String topic,
    long timestampMicros,
    String fingerprint,
    byte[] state,
    byte[] head,
    byte[] hash) {

  public StoredSnapshot {
    Objects.requireNonNull(originatorId, "originatorId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(fingerprint, "fingerprint");
    Objects.requireNonNull(state, "state");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredSnapshot that
        && originatorId.equals(that.originatorId)
        && originatorVersion == that.originatorVersion
        && topic.equals(that.topic)
        && timestampMicros == that.timestampMicros
        && fingerprint.equals(that.fingerprint)
        && Arrays.equals(state, that.state)
        && Arrays.equals(head, that.head)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return Objects.hash(originatorId, originatorVersion);
  }

  @Override
  public String toString() {
    return "StoredSnapshot{" + originatorId + " v" + originatorVersion + " " + topic + ", "
        + state.length + " bytes}";
  }
}
