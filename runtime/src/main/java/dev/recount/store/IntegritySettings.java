package dev.recount.store;

import dev.recount.ConfigurationError;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * The settings that authenticate what is stored against those who can write to the database: the
 * integrity key that tags every record, and the signing key of the log's checkpoints.
 *
 * @param tags the tags under {@code INTEGRITY_KEY}; {@code null} if it is not set
 * @param signingKey the key of {@code SIGNING_KEY}; {@code null} if it is not set
 * @param verifyingKey the verifying key of {@code signingKey}; {@code null} with it
 * @param checkpointInterval a checkpoint after at most this many new events
 */
record IntegritySettings(
    RecordTags tags, PrivateKey signingKey, PublicKey verifyingKey, int checkpointInterval) {
  static final String INTEGRITY_KEY = "INTEGRITY_KEY";
  static final String ACCEPT_UNAUTHENTICATED = "ACCEPT_UNAUTHENTICATED";
  static final String SIGNING_KEY = "SIGNING_KEY";
  static final String CHECKPOINT_INTERVAL = "CHECKPOINT_INTERVAL";

  /**
   * The default of {@link #CHECKPOINT_INTERVAL}: a checkpoint's witness holds 64 bytes per event,
   * so 1000 events make a row of 64 KB, signed in well under a millisecond.
   */
  static final int DEFAULT_CHECKPOINT_INTERVAL = 1000;

  static final List<String> NAMES =
      List.of(INTEGRITY_KEY, ACCEPT_UNAUTHENTICATED, SIGNING_KEY, CHECKPOINT_INTERVAL);

  static IntegritySettings parse(Map<String, String> values, boolean hashChain) {
    boolean acceptUntagged = Settings.bool(values, ACCEPT_UNAUTHENTICATED, false);
    String integrityKey = values.get(INTEGRITY_KEY);
    RecordTags tags = null;
    if (integrityKey != null) {
      requireHashChain(INTEGRITY_KEY, hashChain, "tags cover the record's hash");
      tags = RecordTags.fromBase64(INTEGRITY_KEY, integrityKey, acceptUntagged);
    }
    String signing = values.get(SIGNING_KEY);
    PrivateKey signingKey = null;
    PublicKey verifyingKey = null;
    if (signing != null) {
      requireHashChain(SIGNING_KEY, hashChain, "checkpoints chain the records' hashes");
      signingKey = Ed25519.signingKey(SIGNING_KEY, signing);
      verifyingKey = Ed25519.verifyingKeyOf(SIGNING_KEY, signingKey);
    }
    int interval =
        Settings.integer(values, CHECKPOINT_INTERVAL, DEFAULT_CHECKPOINT_INTERVAL, 1, 100_000);
    return new IntegritySettings(tags, signingKey, verifyingKey, interval);
  }

  private static void requireHashChain(String setting, boolean hashChain, String why) {
    if (!hashChain) {
      throw new ConfigurationError(
          setting, "needs HASH_CHAIN=true: " + why + ", and with HASH_CHAIN off there is none");
    }
  }
}
