package dev.recount.store;

import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.DataFormatException;

/**
 * Turns the JSON of an event or snapshot into the bytes stored in its {@code state} column, and
 * back. The first stored byte says how the rest was written (bits 0-3: the compressor; bit 6: ends
 * in an integrity tag, {@link RecordTags}; bit 7: encrypted), so that data stays readable when the
 * settings change, and a record encrypted with a key is never mistaken for plain JSON.
 */
final class Transcoder {
  static final byte EVENT = 'E';
  static final byte SNAPSHOT = 'S';
  private static final int ENCRYPTED = 0x80;
  /** The state ends in {@link RecordTags#BYTES} of integrity tag, written by {@link RecordTags}. */
  static final int TAGGED = 0x40;

  private final Compression compression;
  private final AesGcm cipher;
  private final boolean acceptUnencrypted;
  /** Whether encoded state gets room for an integrity tag at its end (INTEGRITY_KEY). */
  private final boolean tagged;

  Transcoder(Compression compression, AesGcm cipher) {
    this(compression, cipher, false);
  }

  Transcoder(Compression compression, AesGcm cipher, boolean acceptUnencrypted) {
    this(compression, cipher, acceptUnencrypted, false);
  }

  /**
   * @param acceptUnencrypted with a cipher, whether to read state stored without encryption too
   *     (written before the key was set); otherwise such state is refused, since anyone who can
   *     write to the database could have put it there without the key
   * @param tagged whether encoded state ends in {@link RecordTags#BYTES} zero bytes, for the
   *     integrity tag the caller writes there once the record is complete
   */
  Transcoder(Compression compression, AesGcm cipher, boolean acceptUnencrypted, boolean tagged) {
    this.compression = compression;
    this.cipher = cipher;
    this.acceptUnencrypted = acceptUnencrypted;
    this.tagged = tagged;
  }

  boolean encrypts() {
    return cipher != null;
  }

  /** Whether stored state says it was encrypted (its format byte), which needs no key to tell. */
  static boolean isEncrypted(byte[] stored) {
    return stored.length > 0 && (stored[0] & ENCRYPTED) != 0;
  }

  byte[] encode(byte kind, UUID id, long version, byte[] json) {
    byte format =
        (byte) (compression.code | (cipher == null ? 0 : ENCRYPTED) | (tagged ? TAGGED : 0));
    byte[] body = compression.compress(json);
    if (cipher != null) {
      body = cipher.encrypt(body, AesGcm.associatedData(kind, format, id, version));
    }
    byte[] stored = new byte[body.length + 1 + (tagged ? RecordTags.BYTES : 0)];
    stored[0] = format;
    System.arraycopy(body, 0, stored, 1, body.length);
    return stored;
  }

  /**
   * Recovers the JSON.
   *
   * @throws Undecodable naming why, for the caller to turn into an error about the record
   */
  byte[] decode(byte kind, UUID id, long version, byte[] stored) throws Undecodable {
    if (stored.length == 0) {
      throw new Undecodable("is empty", false, null);
    }
    byte format = stored[0];
    Compression used = Compression.ofCode(format & 0x0f);
    if (used == null || (format & 0x30) != 0) {
      throw new Undecodable("has an unknown format byte " + (format & 0xff), false, null);
    }
    if ((format & TAGGED) != 0) {
      // The tag was checked with the record (RecordTags), or there is no key to check it with.
      if (stored.length < 1 + RecordTags.BYTES) {
        throw new Undecodable("is shorter than its integrity tag", false, null);
      }
      stored = Arrays.copyOf(stored, stored.length - RecordTags.BYTES);
    }
    byte[] body;
    if ((format & ENCRYPTED) != 0) {
      if (cipher == null) {
        throw new Undecodable("is encrypted but no CIPHER_KEY is set", true, null);
      }
      try {
        body = cipher.decrypt(stored, 1, AesGcm.associatedData(kind, format, id, version));
      } catch (GeneralSecurityException e) {
        throw new Undecodable("does not decrypt with the configured CIPHER_KEY", true, e);
      }
    } else if (cipher != null && !acceptUnencrypted) {
      throw new Undecodable(
          "is not encrypted, but a CIPHER_KEY is set: refused, since anyone who can write to the"
              + " database could have stored it without the key (set ACCEPT_UNENCRYPTED=true only"
              + " to read records stored before encryption was turned on)",
          false,
          null);
    } else {
      body = Arrays.copyOfRange(stored, 1, stored.length);
    }
    try {
      return used.decompress(body);
    } catch (DataFormatException e) {
      throw new Undecodable("does not decompress (" + e.getMessage() + ")", false, e);
    }
  }

  /** Why stored state could not be turned back into JSON. */
  static final class Undecodable extends Exception {
    private static final long serialVersionUID = 1L;

    /** Whether the cipher key, not the data, is the likely cause. */
    final boolean keyProblem;

    Undecodable(String message, boolean keyProblem, Throwable cause) {
      super(message, cause);
      this.keyProblem = keyProblem;
    }
  }
}
