package dev.recount;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes keys for {@code CIPHER_KEY}: 32 random bytes from {@link SecureRandom}, base64-encoded.
 * Keep the key out of the database it protects; losing it makes encrypted state unreadable.
 */
public final class CipherKeys {
  private static final SecureRandom RANDOM = new SecureRandom();

  private CipherKeys() {}

  /** A new random AES-256 key, base64-encoded, for {@code CIPHER_KEY}. */
  public static String generate() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getEncoder().encodeToString(key);
  }
}
