package dev.recount.store;

import dev.recount.ConfigurationError;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM over stored state, with a fresh random 96-bit nonce per record (stored in front of the
 * ciphertext) and the record's identity as associated data, so that a ciphertext cannot be moved to
 * another aggregate, version or record kind without failing authentication.
 */
final class AesGcm {
  static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;

  /**
   * {@code Cipher.getInstance} searches the security providers on every call, which cost about as
   * much as encrypting a small record; a cipher per thread is initialised afresh for each record
   * instead (its key and nonce are set by every {@code init}, so nothing carries over).
   */
  private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(AesGcm::newCipher);

  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  /**
   * The ciphers this key is used with: for an application key, one per thread of its own. A cipher
   * initialised with the key it had before skips the AES key schedule; with one cipher per thread
   * shared by several keys, records of alternating keys (rotation) cost twice as much to decrypt.
   */
  private final ThreadLocal<Cipher> ciphers;

  /**
   * A subject's data key, one of thousands, has one cipher of its own (about 1 KB), lent to one
   * thread at a time, so that loading one aggregate after another does not redo the key schedule of
   * each one's key on the thread's shared cipher. A thread that finds it lent out uses the thread's
   * shared cipher. Null for an application key.
   */
  private final AtomicReference<Cipher> lent;

  private AesGcm(byte[] key, boolean applicationKey) {
    this.key = new SecretKeySpec(key, "AES");
    this.ciphers = applicationKey ? ThreadLocal.withInitial(AesGcm::newCipher) : CIPHERS;
    this.lent = applicationKey ? null : new AtomicReference<>(newCipher());
  }

  private static Cipher newCipher() {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java runtime has AES/GCM/NoPadding", e);
    }
  }

  /** A cipher with a raw key of 16, 24 or 32 bytes (a subject's data key). */
  static AesGcm of(byte[] key) {
    return new AesGcm(key, false);
  }

  /** Parses {@code CIPHER_KEY}: base64 of 16, 24 or 32 bytes. */
  static AesGcm fromBase64(String setting, String base64) {
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationError(
          setting, "is not valid base64; generate a key with CipherKeys.generate()", e);
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new ConfigurationError(
          setting,
          "decodes to " + key.length
              + " bytes; an AES key has 16, 24 or 32 (generate one with CipherKeys.generate())");
    }
    return new AesGcm(key, true);
  }

  byte[] encrypt(byte[] plain, byte[] associated) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    Cipher own = borrow();
    try {
      Cipher cipher = own != null ? own : ciphers.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associated);
      byte[] out = new byte[NONCE_BYTES + cipher.getOutputSize(plain.length)];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      cipher.doFinal(plain, 0, plain.length, out, NONCE_BYTES);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM encryption failed", e);
    } finally {
      giveBack(own);
    }
  }

  /** Decrypts; a {@link GeneralSecurityException} means a wrong key or altered bytes. */
  byte[] decrypt(byte[] sealed, int offset, byte[] associated) throws GeneralSecurityException {
    if (sealed.length - offset < NONCE_BYTES + TAG_BITS / 8) {
      throw new GeneralSecurityException("ciphertext too short");
    }
    Cipher own = borrow();
    try {
      Cipher cipher = own != null ? own : ciphers.get();
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, offset, NONCE_BYTES));
      cipher.updateAAD(associated);
      return cipher.doFinal(sealed, offset + NONCE_BYTES, sealed.length - offset - NONCE_BYTES);
    } finally {
      giveBack(own);
    }
  }

  /** A subject key's own cipher, if no other thread has it; null otherwise. */
  private Cipher borrow() {
    return lent == null ? null : lent.getAndSet(null);
  }

  private void giveBack(Cipher own) {
    if (own != null) {
      lent.set(own);
    }
  }

  /** The associated data that binds a ciphertext to its record. */
  static byte[] associatedData(byte kind, byte format, UUID id, long version) {
    return ByteBuffer.allocate(2 + 16 + 8)
        .put(kind)
        .put(format)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .putLong(version)
        .array();
  }
}
