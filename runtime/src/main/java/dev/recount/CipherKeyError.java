package dev.recount;

import java.util.UUID;

/**
 * Stored state could not be decrypted with the configured keys, although the record itself is
 * intact (its hash matches): the application runs without the key the data was written with (a key
 * removed from {@code CIPHER_KEYS}, a different {@code CIPHER_KEY}), or with none.
 */
public final class CipherKeyError extends DataIntegrityError {
  private static final long serialVersionUID = 1L;

  private final String keyId;

  public CipherKeyError(UUID aggregateId, long version, String problem, Throwable cause) {
    this(aggregateId, version, problem, cause, null);
  }

  public CipherKeyError(
      UUID aggregateId, long version, String problem, Throwable cause, String keyId) {
    super(aggregateId, version, problem, cause);
    this.keyId = keyId;
  }

  /**
   * The id of the key the record names (from {@code CIPHER_KEYS}); {@code null} if it names none
   * (written with {@code CIPHER_KEY}).
   */
  public String keyId() {
    return keyId;
  }
}
