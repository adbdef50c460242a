package dev.recount.internal;

import java.util.Arrays;
import java.util.Objects;

/**
 * One row of the checkpoints table: a signed checkpoint of the notification log, and the entries it
 * chains over since the checkpoint before it.
 *
 * @param after the notification id the checkpoint before it ends at; 0 for the first
 * @param upTo the largest notification id it covers
 * @param events how many events it covers from the start of the log
 * @param chain the chain's value after the event at {@code upTo}
 * @param timestampMicros when it was signed
 * @param keyId the verifying key's id
 * @param signature the Ed25519 signature of the checkpoint's line
 * @param witness the chained entries after {@code after} up to {@code upTo}, so that an audit names
 *     the first event that differs, not only the checkpoint
 */
public record StoredCheckpoint(
    long after,
    long upTo,
    long events,
    byte[] chain,
    long timestampMicros,
    String keyId,
    byte[] signature,
    byte[] witness) {

  public StoredCheckpoint {
    Objects.requireNonNull(chain, "chain");
    Objects.requireNonNull(keyId, "keyId");
    Objects.requireNonNull(signature, "signature");
    Objects.requireNonNull(witness, "witness");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredCheckpoint that
        && after == that.after
        && upTo == that.upTo
        && events == that.events
        && Arrays.equals(chain, that.chain)
        && timestampMicros == that.timestampMicros
        && keyId.equals(that.keyId)
        && Arrays.equals(signature, that.signature)
        && Arrays.equals(witness, that.witness);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(upTo);
  }

  @Override
  public String toString() {
    return "StoredCheckpoint{" + after + ".." + upTo + ", " + events + " events}";
  }
}
