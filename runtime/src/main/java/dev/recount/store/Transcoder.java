package dev.recount.store;

import dev.recount.CipherKeyError;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.UUID;
import java.util.zip.DataFormatException;

/**
 * Turns the JSON of an event or snapshot into the bytes stored in its {@code state} column, and
 * back. The first stored byte says how the rest was written, so that data stays readable when the
 * settings change, and a record encrypted with a key is never mistaken for plain JSON:
 *
 * <ul>
 *   <li>bits 0-3: the compressor ({@link Compression});
 *   <li>bit 4 (only with bit 7): the id of the application key follows ({@link Keyring#KEY_ID});
 *   <li>bit 5 (only with bit 7): the aggregate's own key encrypted it ({@link #SUBJECT_KEY}); bits
 *       4 and 5 are never both set;
 *   <li>bit 6: the state ends in an integrity tag ({@link #TAGGED}, {@link RecordTags});
 *   <li>bit 7: encrypted.
 * </ul>
 */
final class Transcoder {
  static final byte EVENT = 'E';
  static final byte SNAPSHOT = 'S';
  /**
   * An event's metadata: encrypted like its state but under associated data of its own kind, so
   * that neither can stand in for the other; never compressed, never tagged (the state's tag covers
   * it through the hash).
   */
  static final byte METADATA = 'M';

  private static final int ENCRYPTED = Keyring.ENCRYPTED;
  /**
   * Bit 5 of the format byte (with bit 7): encrypted with the aggregate's own data key
   * ({@link SubjectKeys}), which the aggregate id finds; nothing else precedes the nonce.
   */
  static final int SUBJECT_KEY = 0x20;
  /** Bit 6: the state ends in {@link RecordTags#BYTES} of integrity tag ({@link RecordTags}). */
  static final int TAGGED = 0x40;

  private final Compression compression;
  private final Keyring keys;
  private final SubjectKeys subjects;
  private final boolean acceptUnencrypted;
  /** Whether encoded state gets room for an integrity tag at its end (INTEGRITY_KEY). */
  private final boolean tagged;

  Transcoder(Compression compression, AesGcm cipher) {
    this(compression, cipher, false);
  }

  Transcoder(Compression compression, AesGcm cipher, boolean acceptUnencrypted) {
    this(compression, Keyring.unnamed(cipher), null, acceptUnencrypted, false);
  }

  /**
   * @param subjects with SUBJECT_KEYS, the aggregates' own keys, which then encrypt every new
   *     record; {@code null} otherwise
   * @param acceptUnencrypted with a cipher, whether to read state stored without encryption too
   *     (written before the key was set); otherwise such state is refused, since anyone who can
   *     write to the database could have put it there without the key
   * @param tagged whether encoded state ends in {@link RecordTags#BYTES} zero bytes, for the
   *     integrity tag the caller writes there once the record is complete
   */
  Transcoder(
      Compression compression,
      Keyring keys,
      SubjectKeys subjects,
      boolean acceptUnencrypted,
      boolean tagged) {
    this.compression = compression;
    this.keys = keys;
    this.subjects = subjects;
    this.acceptUnencrypted = acceptUnencrypted;
    this.tagged = tagged;
  }

  boolean encrypts() {
    return keys.encrypts();
  }

  /** Whether stored state says it was encrypted (its format byte), which needs no key to tell. */
  static boolean isEncrypted(byte[] stored) {
    return stored.length > 0 && (stored[0] & ENCRYPTED) != 0;
  }

  /**
   * @throws dev.recount.AggregateForgotten if the aggregate was forgotten (SUBJECT_KEYS)
   * @throws CipherKeyError if its key was wrapped by an application key that is not configured
   */
  byte[] encode(byte kind, UUID id, long version, byte[] json) {
    return encode(
        kind,
        id,
        version,
        compression.compress(json),
        compression.code | (tagged ? TAGGED : 0),
        tagged ? RecordTags.BYTES : 0);
  }

  /** The stored form of an event's metadata JSON: no compression, no integrity tag. */
  byte[] encodeMetadata(UUID id, long version, byte[] json) {
    return encode(METADATA, id, version, json, Compression.NONE.code, 0);
  }

  private byte[] encode(byte kind, UUID id, long version, byte[] body, int plain, int tagRoom) {
    if (subjects != null) {
      byte format = (byte) (plain | ENCRYPTED | SUBJECT_KEY);
      AesGcm key;
      try {
        key = subjects.forWriting(id);
      } catch (Undecodable e) {
        throw new CipherKeyError(
            id,
            version,
            "cannot encrypt the " + (kind == SNAPSHOT ? "snapshot" : "event") + ": it "
                + e.getMessage(),
            e,
            e.keyId);
      }
      return prefixed(
          format, key.encrypt(body, AesGcm.associatedData(kind, format, id, version)), tagRoom);
    }
    if (keys.encrypts()) {
      return keys.seal(kind, plain, id, version, body, tagRoom);
    }
    return prefixed((byte) plain, body, tagRoom);
  }

  /** The format byte, then the body, then {@code tagRoom} zero bytes. */
  private static byte[] prefixed(byte format, byte[] body, int tagRoom) {
    byte[] stored = new byte[body.length + 1 + tagRoom];
    stored[0] = format;
    System.arraycopy(body, 0, stored, 1, body.length);
    return stored;
  }

  /**
   * Recovers the JSON.
   *
   * @throws Undecodable naming why, for the caller to turn into an error about the record
   * @throws dev.recount.AggregateForgotten if it was encrypted with the key of an aggregate that
   *     was forgotten
   */
  byte[] decode(byte kind, UUID id, long version, byte[] stored) throws Undecodable {
    if (stored.length == 0) {
      throw new Undecodable("is empty", false, null);
    }
    byte format = stored[0];
    Compression used = Compression.ofCode(format & 0x0f);
    int keyBits = format & (Keyring.KEY_ID | SUBJECT_KEY);
    if (used == null
        || keyBits != 0 && (format & ENCRYPTED) == 0
        || keyBits == (Keyring.KEY_ID | SUBJECT_KEY)) {
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
    if ((format & SUBJECT_KEY) != 0) {
      if (subjects == null) {
        throw new Undecodable(
            "is encrypted with its aggregate's own key, which only an application opened with"
                + " SUBJECT_KEYS=true (and its cipher keys) reads from the table of subject keys",
            true,
            null);
      }
      try {
        body = subjects
            .forReading(id)
            .decrypt(stored, 1, AesGcm.associatedData(kind, format, id, version));
      } catch (GeneralSecurityException e) {
        throw new Undecodable("does not decrypt with its aggregate's own key", true, e);
      }
    } else if ((format & ENCRYPTED) != 0) {
      if (!keys.encrypts()) {
        throw new Undecodable("is encrypted but no CIPHER_KEY is set", true, null);
      }
      body = keys.open(kind, id, version, stored);
    } else if (keys.encrypts() && !acceptUnencrypted) {
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

    /** The id of the application key the record (or its aggregate's key) names; null if none. */
    final String keyId;

    Undecodable(String message, boolean keyProblem, Throwable cause) {
      this(message, keyProblem, cause, null);
    }

    Undecodable(String message, boolean keyProblem, Throwable cause, String keyId) {
      super(message, cause);
      this.keyProblem = keyProblem;
      this.keyId = keyId;
    }
  }
}
