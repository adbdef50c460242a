package dev.recount;

import java.util.regex.Pattern;

/**
 * A signed checkpoint of an application's notification log: the Ed25519 signature of a hash chain
 * over every stored event up to a notification id, in id order. Each link of the chain covers the
 * event's notification id, aggregate id, version and stored hash (which covers the rest of the
 * record), so no event up to {@link #upTo} can be changed, removed, added or given another id
 * without the chain changing, and no one without the signing key can sign another chain.
 *
 * <p>{@link #line()} is the checkpoint as one line of text, to publish outside the database (a
 * ticket, a transparency log, an e-mail to the auditors): a database administrator can delete the
 * newest checkpoints from the database along with the events they cover, but not a line kept
 * elsewhere. The signed text is the line without its last field, so {@code openssl pkeyutl -verify
 * -rawin} checks it too.
 *
 * @param tablePrefix the store's table prefix (part of what is signed, so that a checkpoint of one
 *     application's log does not pass for another's)
 * @param upTo the largest notification id it covers
 * @param events how many events it covers (ids may have gaps on PostgreSQL)
 * @param chain the chain's value after the event at {@code upTo}, 64 hex digits
 * @param timestampMicros when it was signed, in microseconds since the epoch
 * @param keyId the first 8 bytes of SHA-256 of the verifying key's encoding, 16 hex digits
 * @param signature base64 of the Ed25519 signature of {@link #signedText()}
 */
public record Checkpoint(
    String tablePrefix,
    long upTo,
    long events,
    String chain,
    long timestampMicros,
    String keyId,
    String signature) {
  private static final String FORMAT = "recount-checkpoint/1";
  private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
  private static final Pattern HEX16 = Pattern.compile("[0-9a-f]{16}");
  private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_]{0,40}");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]+={0,2}");

  /** Checks the fields' shapes. */
  public Checkpoint {
    require(PREFIX.matcher(tablePrefix).matches(), "table prefix", tablePrefix);
    require(upTo >= 1, "notification id", Long.toString(upTo));
    require(events >= 1 && events <= upTo, "event count", Long.toString(events));
    require(HEX64.matcher(chain).matches(), "chain", chain);
    require(HEX16.matcher(keyId).matches(), "key id", keyId);
    require(BASE64.matcher(signature).matches(), "signature", signature);
  }

  /**
   * The checkpoint as one line: {@code recount-checkpoint/1 <prefix> <upTo> <events> <chain>
   * <timestampMicros> <keyId> <signature>}.
   */
  public String line() {
    return signedText() + " " + signature;
  }

  /** What the signature signs: the line without its last field, as UTF-8. */
  public String signedText() {
    return FORMAT + " " + tablePrefix + " " + upTo + " " + events + " " + chain + " "
        + timestampMicros + " " + keyId;
  }

  /**
   * Reads a line that {@link #line()} wrote (surrounding white space ignored); the signature is not
   * checked here, an audit checks it.
   *
   * @throws IllegalArgumentException naming the field that is malformed
   */
  public static Checkpoint parse(String line) {
    String[] fields = line.strip().split(" ");
    if (fields.length != 8 || !fields[0].equals(FORMAT)) {
      throw new IllegalArgumentException("not a checkpoint line (expected 8 fields starting with '"
          + FORMAT + "'): " + line.strip());
    }
    try {
      return new Checkpoint(
          fields[1],
          Long.parseLong(fields[2]),
          Long.parseLong(fields[3]),
          fields[4],
          Long.parseLong(fields[5]),
          fields[6],
          fields[7]);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "not a checkpoint line (a number is malformed): " + line, e);
    }
  }

  private static void require(boolean valid, String what, String value) {
    if (!valid) {
      throw new IllegalArgumentException(
          "not a checkpoint: malformed " + what + " '" + value + "'");
    }
  }
}
