package dev.recount.store;

import dev.recount.StoredEvent;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * The hash chain that checkpoints sign: one link per stored event in notification-id order, each
 * SHA-256 over the link before, the event's notification id, aggregate id, version and the SHA-256
 * of its record (recomputed from the record, so the chain covers what is stored whatever its hash
 * column says). An entry is those four fields, 64 bytes; a checkpoint keeps its entries as its
 * witness, so that an audit can name the first event that differs.
 */
final class CheckpointChain {
  static final int ENTRY_BYTES = 8 + 16 + 8 + 32;
  static final byte[] START = new byte[32];
  private static final byte LINK = 'L';

  private final MessageDigest sha;
  private byte[] value;

  CheckpointChain(byte[] start) {
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    value = start.clone();
  }

  /** The entry of a stored event. */
  static byte[] entry(StoredEvent event) {
    return ByteBuffer.allocate(ENTRY_BYTES)
        .putLong(event.notificationId())
        .putLong(event.originatorId().getMostSignificantBits())
        .putLong(event.originatorId().getLeastSignificantBits())
        .putLong(event.originatorVersion())
        .put(Hashes.ofEvent(event))
        .array();
  }

  /**
   * Extends the chain by one entry ({@link #ENTRY_BYTES} of {@code entries} from {@code offset}).
   */
  void add(byte[] entries, int offset) {
    sha.reset();
    sha.update(LINK);
    sha.update(value);
    sha.update(entries, offset, ENTRY_BYTES);
    value = sha.digest();
  }

  byte[] value() {
    return value.clone();
  }

  /** One entry of a witness, read back. */
  record Entry(long notificationId, UUID aggregateId, long version, byte[] hash) {
    static Entry at(byte[] entries, int offset) {
      ByteBuffer buffer = ByteBuffer.wrap(entries, offset, ENTRY_BYTES);
      long id = buffer.getLong();
      UUID aggregate = new UUID(buffer.getLong(), buffer.getLong());
      long version = buffer.getLong();
      byte[] hash = new byte[32];
      buffer.get(hash);
      return new Entry(id, aggregate, version, hash);
    }
  }
}
