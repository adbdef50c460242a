package dev.recount;

import java.util.UUID;

/**
 * Stored state could not be decrypted with the configured key, although the record itself is intact
 * (its hash matches): the application runs with another {@code CIPHER_KEY} than the one the data
 * was written with, or with none.
 */
public final class CipherKeyError extends DataIntegrityError {
  private static final long serialVersionUID = 1L;

  public CipherKeyError(UUID aggregateId, long version, String problem, Throwable cause) {
    super(aggregateId, version, problem, cause);
  }
}
