package dev.recount.store;

import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The SHA-256 hashes of stored records. Each hash covers the record exactly as stored (after
 * compression and encryption), so that a store can be audited without the cipher key, and the
 * previous record's hash, so that one trusted head validates a whole history. Every field is
 * length-prefixed or fixed-width, so no two different records hash the same input. An event's
 * metadata, when it has any, follows its state, as stored (encrypted with it).
 */
final class Hashes {
  private static final byte EVENT = 'E';
  private static final byte SNAPSHOT = 'S';
  private static final byte[] NO_HASH = new byte[32];

  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  });

  private Hashes() {}

  static byte[] ofEvent(StoredEvent e) {
    return digest(
        EVENT,
        e.previousHash(),
        e.originatorId(),
        e.originatorVersion(),
        e.topic(),
        e.timestampMicros(),
        e.state(),
        "",
        e.metadata());
  }

  static byte[] ofSnapshot(StoredSnapshot s) {
    return digest(
        SNAPSHOT,
        s.head(),
        s.originatorId(),
        s.originatorVersion(),
        s.topic(),
        s.timestampMicros(),
        s.state(),
        s.fingerprint(),
        null);
  }

  private static byte[] digest(
      byte kind,
      byte[] previous,
      UUID id,
      long version,
      String topic,
      long timestamp,
      byte[] state,
      String fingerprint,
      byte[] metadata) {
    byte[] chained = previous == null ? NO_HASH : previous;
    byte[] topicBytes = topic.getBytes(StandardCharsets.UTF_8);
    byte[] fingerprintBytes = fingerprint.getBytes(StandardCharsets.UTF_8);
    // Everything before the state goes in as one array: MessageDigest.update(byte) goes through
    // the provider once per byte, which made hashing an event take almost three times as long.
    ByteBuffer fields = ByteBuffer.allocate(
        1 + chained.length + 7 * Long.BYTES + topicBytes.length + fingerprintBytes.length);
    fields
        .put(kind)
        .put(chained)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .putLong(version)
        .putLong(topicBytes.length)
        .put(topicBytes)
        .putLong(timestamp)
        .putLong(fingerprintBytes.length)
        .put(fingerprintBytes)
        .putLong(state.length);
    MessageDigest sha = SHA256.get();
    sha.reset();
    sha.update(fields.array());
    sha.update(state);
    if (metadata != null) {
      // After the state, whose length came before it: an event without metadata hashes exactly
      // as before metadata existed, and none with metadata can hash the same input.
      sha.update(ByteBuffer.allocate(Long.BYTES).putLong(metadata.length).array());
      sha.update(metadata);
    }
    return sha.digest();
  }
}
