package dev.recount.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * What the raw JDBC contender does by hand to each row, written to produce exactly the library's
 * bytes (the harness checks that the library reads raw rows back): JSON with jackson-core's
 * streaming generator and parser, a format byte, AES-256-GCM with a random nonce and the record's
 * identity as associated data, and SHA-256 over the stored record chained to the previous hash.
 * Nothing here is shared with the library's code; it is the same work done directly.
 */
final class RawCodec {
  static final String OPENED = "dev.recount.benchmarks.Account.Opened";
  static final String DEPOSITED = "dev.recount.benchmarks.Account.Deposited";
  static final String ACCOUNT = "dev.recount.benchmarks.Account";
  private static final byte EVENT = 'E';
  private static final byte SNAPSHOT = 'S';
  private static final byte[] NO_HASH = new byte[32];
  private static final JsonFactory JSON = new JsonFactory();

  private final boolean hashChain;
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();
  /** One cipher per thread, initialised per record, as the library does (and as one should). */
  private final ThreadLocal<Cipher> aesGcm = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  });

  private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  });

  RawCodec(Security security) {
    this.hashChain = security.hashChain;
    this.key = security.cipherKey == null
        ? null
        : new SecretKeySpec(Base64.getDecoder().decode(security.cipherKey), "AES");
  }

  boolean hashChain() {
    return hashChain;
  }

  // ---- JSON -----------------------------------------------------------------------------------

  static String topic(Object event) {
    return event instanceof Account.Opened ? OPENED : DEPOSITED;
  }

  static byte[] json(Object event) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(64);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      if (event instanceof Account.Opened opened) {
        json.writeStringField("owner", opened.owner());
      } else {
        Account.Deposited deposited = (Account.Deposited) event;
        json.writeNumberField("amount", deposited.amount());
        json.writeStringField("reference", deposited.reference());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static Object event(String topic, byte[] json) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      String owner = null;
      String reference = null;
      long amount = 0;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "owner" -> owner = parser.getText();
          case "amount" -> amount = parser.getLongValue();
          case "reference" -> reference = parser.getText();
          default -> parser.skipChildren();
        }
      }
      return switch (topic) {
        case OPENED -> new Account.Opened(owner);
        case DEPOSITED -> new Account.Deposited(amount, reference);
        default -> throw new IllegalStateException("unknown topic " + topic);
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The snapshot JSON, in the layout the library writes: timestamps, then the fields. */
  static byte[] snapshotJson(AccountState state) {
    ByteArrayBuilder bytes = new ByteArrayBuilder(128);
    try (JsonGenerator json = JSON.createGenerator(bytes)) {
      json.writeStartObject();
      json.writeNumberField("createdOn", state.createdOnMicros);
      json.writeNumberField("modifiedOn", state.modifiedOnMicros);
      json.writeObjectFieldStart("state");
      json.writeStringField("owner", state.owner);
      json.writeNumberField("balance", state.balance);
      json.writeNumberField("deposits", state.deposits);
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static void restore(AccountState state, byte[] json) {
    try (JsonParser parser = JSON.createParser(json)) {
      parser.nextToken();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "createdOn" -> state.createdOnMicros = parser.getLongValue();
          case "modifiedOn" -> state.modifiedOnMicros = parser.getLongValue();
          case "state" -> {
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
              String name = parser.currentName();
              parser.nextToken();
              switch (name) {
                case "owner" -> state.owner = parser.getText();
                case "balance" -> state.balance = parser.getLongValue();
                case "deposits" -> state.deposits = parser.getIntValue();
                default -> parser.skipChildren();
              }
            }
          }
          default -> parser.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---- the state column -----------------------------------------------------------------------

  byte[] encodeEvent(UUID id, long version, byte[] json) {
    return encode(EVENT, id, version, json);
  }

  byte[] encodeSnapshot(UUID id, long version, byte[] json) {
    return encode(SNAPSHOT, id, version, json);
  }

  private byte[] encode(byte kind, UUID id, long version, byte[] json) {
    if (key == null) {
      byte[] stored = new byte[json.length + 1];
      System.arraycopy(json, 0, stored, 1, json.length);
      return stored;
    }
    byte format = (byte) 0x80;
    byte[] nonce = new byte[12];
    random.nextBytes(nonce);
    try {
      Cipher cipher = aesGcm.get();
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(associatedData(kind, format, id, version));
      byte[] stored = new byte[1 + 12 + cipher.getOutputSize(json.length)];
      stored[0] = format;
      System.arraycopy(nonce, 0, stored, 1, 12);
      cipher.doFinal(json, 0, json.length, stored, 13);
      return stored;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  byte[] decodeEvent(UUID id, long version, byte[] stored) {
    return decode(EVENT, id, version, stored);
  }

  byte[] decodeSnapshot(UUID id, long version, byte[] stored) {
    return decode(SNAPSHOT, id, version, stored);
  }

  private byte[] decode(byte kind, UUID id, long version, byte[] stored) {
    if ((stored[0] & 0x80) == 0) {
      return Arrays.copyOfRange(stored, 1, stored.length);
    }
    try {
      Cipher cipher = aesGcm.get();
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, stored, 1, 12));
      cipher.updateAAD(associatedData(kind, stored[0], id, version));
      return cipher.doFinal(stored, 13, stored.length - 13);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("record " + id + " v" + version + " does not decrypt", e);
    }
  }

  private static byte[] associatedData(byte kind, byte format, UUID id, long version) {
    return ByteBuffer.allocate(26)
        .put(kind)
        .put(format)
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .putLong(version)
        .array();
  }

  // ---- hashes ---------------------------------------------------------------------------------

  byte[] eventHash(
      byte[] previous, UUID id, long version, String topic, long timestamp, byte[] state) {
    return digest(EVENT, previous, id, version, topic, timestamp, state, "");
  }

  byte[] snapshotHash(
      byte[] head,
      UUID id,
      long version,
      String topic,
      long timestamp,
      byte[] state,
      String fingerprint) {
    return digest(SNAPSHOT, head, id, version, topic, timestamp, state, fingerprint);
  }

  /** Throws unless {@code hash} is the event's hash and it follows {@code previous}. */
  void checkEvent(
      byte[] expectedPrevious,
      byte[] previous,
      byte[] hash,
      UUID id,
      long version,
      String topic,
      long timestamp,
      byte[] state) {
    if (!Arrays.equals(expectedPrevious, previous)
        || !Arrays.equals(hash, eventHash(previous, id, version, topic, timestamp, state))) {
      throw new IllegalStateException("event " + id + " v" + version + " fails its hash check");
    }
  }

  private byte[] digest(
      byte kind,
      byte[] previous,
      UUID id,
      long version,
      String topic,
      long timestamp,
      byte[] state,
      String fingerprint) {
    MessageDigest sha = sha256.get();
    sha.reset();
    sha.update(kind);
    sha.update(previous == null ? NO_HASH : previous);
    ByteBuffer fixed = ByteBuffer.allocate(24);
    fixed
        .putLong(id.getMostSignificantBits())
        .putLong(id.getLeastSignificantBits())
        .putLong(version);
    sha.update(fixed.array());
    lengthPrefixed(sha, topic.getBytes(StandardCharsets.UTF_8));
    sha.update(ByteBuffer.allocate(8).putLong(timestamp).array());
    lengthPrefixed(sha, fingerprint.getBytes(StandardCharsets.UTF_8));
    lengthPrefixed(sha, state);
    return sha.digest();
  }

  private static void lengthPrefixed(MessageDigest sha, byte[] bytes) {
    sha.update(ByteBuffer.allocate(8).putLong(bytes.length).array());
    sha.update(bytes);
  }
}
