package dev.recount.store;

import dev.recount.ConfigurationError;
import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Integrity tags under {@code INTEGRITY_KEY}: HMAC-SHA256 of the record's SHA-256 hash computed
 * with the tag's own bytes zero, stored as the last 32 bytes of the state (format bit
 * {@link Transcoder#TAGGED}). The hash covers every field of the record, so the tag authenticates
 * all of them; and since the tag is part of the stored state, the record's public hash covers the
 * tag, so an auditor without the key still checks every hash and chain, and a reader without the
 * key still decodes the state.
 *
 * <p>What a tag proves: the record was written by someone holding the key. What it cannot prove:
 * that no record is missing (a deleted last event leaves every remaining tag valid), nor the order
 * of the notification log; signed checkpoints prove those ({@link Checkpointer}).
 */
final class RecordTags {
  static final int BYTES = 32;

  private final SecretKeySpec key;
  private final boolean acceptUntagged;
  private final ThreadLocal<Mac> macs;

  private RecordTags(byte[] key, boolean acceptUntagged) {
    this.key = new SecretKeySpec(key, "HmacSHA256");
    this.acceptUntagged = acceptUntagged;
    this.macs = ThreadLocal.withInitial(() -> {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(this.key);
        return mac;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("every Java runtime has HmacSHA256", e);
      }
    });
  }

  /**
   * Parses {@code INTEGRITY_KEY}: base64 of at least 32 bytes (such as
   * {@code CipherKeys.generate()}).
   *
   * @param acceptUntagged whether records without a tag are read too (written before the key)
   */
  static RecordTags fromBase64(String setting, String base64, boolean acceptUntagged) {
    if (base64.isBlank()) {
      throw new ConfigurationError(
          setting,
          "is set but blank: give a base64 key of 32 bytes or more"
              + " (CipherKeys.generate()), or leave it unset for no integrity tags");
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(base64.trim());
    } catch (IllegalArgumentException e) {
      throw new ConfigurationError(
          setting, "is not valid base64; generate a key with CipherKeys.generate()", e);
    }
    if (key.length < 32) {
      throw new ConfigurationError(
          setting,
          "decodes to " + key.length + " bytes; an HMAC-SHA256 key needs at least 32"
              + " (generate one with CipherKeys.generate())");
    }
    return new RecordTags(key, acceptUntagged);
  }

  /** Writes the tag into the last bytes of {@code event}'s state, which the transcoder zeroed. */
  void seal(StoredEvent event) {
    byte[] tag = tag(Hashes.ofEvent(event));
    System.arraycopy(tag, 0, event.state(), event.state().length - BYTES, BYTES);
  }

  /**
   * Writes the tag into the last bytes of {@code snapshot}'s state, which the transcoder zeroed.
   */
  void seal(StoredSnapshot snapshot) {
    byte[] tag = tag(Hashes.ofSnapshot(snapshot));
    System.arraycopy(tag, 0, snapshot.state(), snapshot.state().length - BYTES, BYTES);
  }

  /** Checks an event's tag. */
  void check(StoredEvent event) {
    byte[] state = event.state();
    if (untagged(state, event.originatorId(), event.originatorVersion(), "event")) {
      return;
    }
    StoredEvent zeroed = new StoredEvent(
        event.originatorId(),
        event.originatorVersion(),
        event.topic(),
        event.timestampMicros(),
        withoutTag(state),
        event.previousHash(),
        event.hash(),
        event.notificationId(),
        event.metadata());
    compare(
        state,
        tag(Hashes.ofEvent(zeroed)),
        event.originatorId(),
        event.originatorVersion(),
        "event");
  }

  /** Checks a snapshot's tag. */
  void check(StoredSnapshot snapshot) {
    byte[] state = snapshot.state();
    if (untagged(state, snapshot.originatorId(), snapshot.originatorVersion(), "snapshot")) {
      return;
    }
    StoredSnapshot zeroed = new StoredSnapshot(
        snapshot.originatorId(),
        snapshot.originatorVersion(),
        snapshot.topic(),
        snapshot.timestampMicros(),
        snapshot.fingerprint(),
        withoutTag(state),
        snapshot.head(),
        snapshot.hash());
    compare(
        state,
        tag(Hashes.ofSnapshot(zeroed)),
        snapshot.originatorId(),
        snapshot.originatorVersion(),
        "snapshot");
  }

  /** Whether the state has no tag and may be read all the same; refuses it otherwise. */
  private boolean untagged(byte[] state, UUID id, long version, String what) {
    if (state.length > BYTES && (state[0] & Transcoder.TAGGED) != 0) {
      return false;
    }
    if (acceptUntagged) {
      return true;
    }
    throw new DataIntegrityError(
        id,
        version,
        "the " + what + " carries no integrity tag, but an INTEGRITY_KEY is set: refused, since"
            + " anyone who can write to the database could have stored it without the key (set"
            + " ACCEPT_UNAUTHENTICATED=true only to read records stored before the key was set)");
  }

  private static void compare(byte[] state, byte[] expected, UUID id, long version, String what) {
    byte[] stored = Arrays.copyOfRange(state, state.length - BYTES, state.length);
    if (!MessageDigest.isEqual(stored, expected)) {
      throw new DataIntegrityError(
          id,
          version,
          "the " + what + "'s integrity tag does not match: it was written or altered by someone"
              + " without the INTEGRITY_KEY (or the key is not the one it was written with)");
    }
  }

  private static byte[] withoutTag(byte[] state) {
    byte[] zeroed = state.clone();
    Arrays.fill(zeroed, zeroed.length - BYTES, zeroed.length, (byte) 0);
    return zeroed;
  }

  private byte[] tag(byte[] hash) {
    Mac mac = macs.get();
    mac.reset();
    return mac.doFinal(hash);
  }
}
