package dev.recount.store;

import dev.recount.ConfigurationError;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The application's cipher keys: the one that encrypts new records, and every key that older
 * records may have been written with, each found by the id the record carries.
 *
 * <p>A record sealed with a named key (from {@code CIPHER_KEYS}) has the {@link #KEY_ID} bit in its
 * format byte, followed by one byte giving the length of the id and the id's ASCII bytes; the nonce
 * and ciphertext come after. A record sealed with the single {@code CIPHER_KEY} carries no id (the
 * layout of every record written before keys had ids), and is read with that key. Records are never
 * rewritten: rotating means adding a key and making it current; removing a key makes the records it
 * wrote a {@code CipherKeyError} naming its id.
 */
final class Keyring {
  /** Bit 7 of the format byte: the rest is encrypted. */
  static final int ENCRYPTED = 0x80;
  /**
   * Bit 4 of the format byte (with {@link #ENCRYPTED}): the id of the key follows it (length byte,
   * then ASCII). Bit 6 is the integrity tag's ({@link Transcoder#TAGGED}).
   */
  static final int KEY_ID = 0x10;

  static final String CIPHER_KEY = "CIPHER_KEY";
  static final String CIPHER_KEYS = "CIPHER_KEYS";
  static final String CIPHER_KEY_ID = "CIPHER_KEY_ID";

  /** A key id: what fits in the record's length byte and reads well in a message. */
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

  static final Keyring NONE = new Keyring(null, Map.of(), null);

  /** {@code CIPHER_KEY}: reads records without a key id, and writes them if no id is current. */
  private final AesGcm unnamed;
  /** {@code CIPHER_KEYS} by id, in the order given. */
  private final Map<String, AesGcm> named;
  /** {@code CIPHER_KEY_ID}: the named key new records are sealed with; null to use the unnamed. */
  private final String current;

  private final byte[] currentHeader;

  private Keyring(AesGcm unnamed, Map<String, AesGcm> named, String current) {
    this.unnamed = unnamed;
    this.named = Collections.unmodifiableMap(new LinkedHashMap<>(named));
    this.current = current;
    this.currentHeader = current == null ? new byte[0] : header(current);
  }

  /** The single key of {@code CIPHER_KEY}, or none if {@code key} is null. */
  static Keyring unnamed(AesGcm key) {
    return key == null ? NONE : new Keyring(key, Map.of(), null);
  }

  /**
   * Reads {@code CIPHER_KEY} (a base64 key: records without a key id), {@code CIPHER_KEYS}
   * ({@code id:base64} pairs separated by commas) and {@code CIPHER_KEY_ID} (which of them seals
   * new records; it may be left out when {@code CIPHER_KEYS} has one key). Set but blank is an
   * error for each: a deployment whose secret failed to load must not quietly store plaintext.
   */
  static Keyring parse(Map<String, String> values) {
    AesGcm unnamed = null;
    String single = values.get(CIPHER_KEY);
    if (single != null) {
      if (single.isBlank()) {
        throw new ConfigurationError(
            CIPHER_KEY,
            "is set but blank: give a base64 key"
                + " (CipherKeys.generate()), or leave CIPHER_KEY unset for no encryption");
      }
      unnamed = AesGcm.fromBase64(CIPHER_KEY, single);
    }
    Map<String, AesGcm> named = new LinkedHashMap<>();
    String list = values.get(CIPHER_KEYS);
    if (list != null) {
      if (list.isBlank()) {
        throw new ConfigurationError(
            CIPHER_KEYS,
            "is set but blank: give id:base64 pairs separated by commas"
                + " (such as k2:...,k1:...), or leave CIPHER_KEYS unset");
      }
      for (String entry : list.split(",", -1)) {
        parseEntry(entry.trim(), named);
      }
    }
    String current = values.get(CIPHER_KEY_ID);
    if (current != null) {
      current = current.trim();
      if (named.isEmpty()) {
        throw new ConfigurationError(
            CIPHER_KEY_ID, "is set, but CIPHER_KEYS is not: it names one of the keys there");
      }
      if (!named.containsKey(current)) {
        throw new ConfigurationError(
            CIPHER_KEY_ID, "'" + current + "' is none of the ids in CIPHER_KEYS " + named.keySet());
      }
    } else if (named.size() == 1) {
      current = named.keySet().iterator().next();
    } else if (!named.isEmpty()) {
      throw new ConfigurationError(
          CIPHER_KEY_ID,
          "is not set, and CIPHER_KEYS has " + named.size() + " keys " + named.keySet()
              + ": name the one that encrypts new records");
    }
    if (unnamed == null && named.isEmpty()) {
      return NONE;
    }
    return new Keyring(unnamed, named, current);
  }

  private static void parseEntry(String entry, Map<String, AesGcm> named) {
    int colon = entry.indexOf(':');
    if (colon < 0) {
      throw new ConfigurationError(
          CIPHER_KEYS,
          "'" + (entry.length() > 8 ? entry.substring(0, 4) + "..." : entry)
              + "' is not id:base64 (such as k2:...); keys are separated by commas");
    }
    String id = entry.substring(0, colon).trim();
    String base64 = entry.substring(colon + 1).trim();
    if (!ID.matcher(id).matches()) {
      throw new ConfigurationError(
          CIPHER_KEYS, "the key id '" + id + "' is not 1 to 32 letters, digits, '_', '.' or '-'");
    }
    if (named.containsKey(id)) {
      throw new ConfigurationError(CIPHER_KEYS, "the key id '" + id + "' is given twice");
    }
    if (base64.isEmpty()) {
      throw new ConfigurationError(CIPHER_KEYS, "the key '" + id + "' is blank");
    }
    try {
      named.put(id, AesGcm.fromBase64(CIPHER_KEYS, base64));
    } catch (ConfigurationError e) {
      String problem = e.getMessage().substring(CIPHER_KEYS.length() + 2);
      throw new ConfigurationError(CIPHER_KEYS, "the key '" + id + "' " + problem, e.getCause());
    }
  }

  boolean encrypts() {
    return unnamed != null || !named.isEmpty();
  }

  /** The id new records are sealed with; null for the unnamed {@code CIPHER_KEY}. */
  String currentId() {
    return current;
  }

  /**
   * Encrypts {@code plain} with the current key, bound to the record (kind, format, id, version):
   * the format byte (with {@link #ENCRYPTED}, and {@link #KEY_ID} if the key is named), the key id
   * if any, then the nonce and ciphertext.
   *
   * @param format the format byte's other bits (the compressor, and whether a tag follows)
   * @param trailing how many zero bytes to leave at the end (room for an integrity tag)
   */
  byte[] seal(byte kind, int format, UUID id, long version, byte[] plain, int trailing) {
    byte first = (byte) (format | ENCRYPTED | (current == null ? 0 : KEY_ID));
    AesGcm key = current == null ? unnamed : named.get(current);
    byte[] sealed = key.encrypt(plain, AesGcm.associatedData(kind, first, id, version));
    byte[] stored = new byte[1 + currentHeader.length + sealed.length + trailing];
    stored[0] = first;
    System.arraycopy(currentHeader, 0, stored, 1, currentHeader.length);
    System.arraycopy(sealed, 0, stored, 1 + currentHeader.length, sealed.length);
    return stored;
  }

  /**
   * Decrypts what {@link #seal} wrote (the format byte says {@link #ENCRYPTED}) with the key it
   * names; {@code stored} ends with the ciphertext (any integrity tag already cut off).
   *
   * @throws Transcoder.Undecodable naming the key, if it is not configured or does not decrypt
   */
  byte[] open(byte kind, UUID id, long version, byte[] stored) throws Transcoder.Undecodable {
    if (stored.length == 0) {
      throw new Transcoder.Undecodable("is empty", false, null);
    }
    byte format = stored[0];
    int offset = 1;
    String keyId = null;
    AesGcm key;
    if ((format & KEY_ID) != 0) {
      int length = stored.length > 1 ? stored[1] & 0xff : 0;
      if (length == 0 || stored.length < 2 + length) {
        throw new Transcoder.Undecodable("has a truncated key id", false, null);
      }
      keyId = new String(stored, 2, length, StandardCharsets.US_ASCII);
      offset = 2 + length;
      key = named.get(keyId);
      if (key == null) {
        throw new Transcoder.Undecodable(
            "is encrypted with the key '" + keyId + "', which is not among the configured keys"
                + (named.isEmpty() ? " (CIPHER_KEYS is not set)" : " " + named.keySet()),
            true,
            null,
            keyId);
      }
    } else {
      key = unnamed;
      if (key == null) {
        throw new Transcoder.Undecodable(
            "is encrypted with the key of CIPHER_KEY (it carries no key id), and CIPHER_KEY is"
                + " not set"
                + (named.isEmpty() ? "" : " (CIPHER_KEYS has only " + named.keySet() + ")"),
            true,
            null);
      }
    }
    try {
      return key.decrypt(stored, offset, AesGcm.associatedData(kind, format, id, version));
    } catch (GeneralSecurityException e) {
      throw new Transcoder.Undecodable(
          keyId == null
              ? "does not decrypt with the configured CIPHER_KEY"
              : "does not decrypt with the configured key '" + keyId + "'",
          true,
          e,
          keyId);
    }
  }

  private static byte[] header(String id) {
    byte[] ascii = id.getBytes(StandardCharsets.US_ASCII);
    byte[] header = Arrays.copyOf(new byte[] {(byte) ascii.length}, 1 + ascii.length);
    System.arraycopy(ascii, 0, header, 1, ascii.length);
    return header;
  }
}
