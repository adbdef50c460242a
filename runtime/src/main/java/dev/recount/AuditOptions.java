package dev.recount;

import java.util.Objects;

/**
 * What {@link Application#audit(AuditOptions)} checks beyond the default:
 * {@code AuditOptions.defaults().deep().verifyingKey(key)}. Immutable; each method returns a copy.
 */
public final class AuditOptions {
  final boolean deep;
  final boolean recordsOnly;
  final String verifyingKey;
  final Checkpoint exported;

  private AuditOptions(
      boolean deep, boolean recordsOnly, String verifyingKey, Checkpoint exported) {
    this.deep = deep;
    this.recordsOnly = recordsOnly;
    this.verifyingKey = verifyingKey;
    this.exported = exported;
  }

  /**
   * What {@link Application#audit()} checks: every record's hash and chain, every snapshot's hash
   * and head, integrity tags (with an {@code INTEGRITY_KEY}), the decoding of every record with the
   * application's classes and key, and with a {@code SIGNING_KEY} the signed checkpoints.
   */
  public static AuditOptions defaults() {
    return new AuditOptions(false, false, null, null);
  }

  /**
   * Also replays each aggregate to every snapshot's version and checks that the snapshot's state
   * equals the replayed state: a snapshot forged with a recomputed hash fails this even without any
   * key. Needs the application's classes and its cipher key.
   */
  public AuditOptions deep() {
    return new AuditOptions(true, recordsOnly, verifyingKey, exported);
  }

  /**
   * Checks the records without decoding them, so without the application's classes or its cipher
   * key: hashes, chains, snapshots' heads, integrity tags if the key is set, and checkpoints.
   */
  public AuditOptions recordsOnly() {
    return new AuditOptions(deep, true, verifyingKey, exported);
  }

  /**
   * Checks the signed checkpoints with this verifying key (base64, the second key of
   * {@link SigningKeys#generate()}), instead of the application's own.
   */
  public AuditOptions verifyingKey(String base64) {
    return new AuditOptions(
        deep, recordsOnly, Objects.requireNonNull(base64, "verifyingKey"), exported);
  }

  /**
   * Also checks the stored checkpoints against one exported earlier ({@link Checkpoint#line()}) and
   * kept outside the database: they must reach it and agree with it, which catches the newest
   * checkpoints deleted together with the events they covered.
   *
   * @throws IllegalArgumentException if the line is not a checkpoint
   */
  public AuditOptions checkpoint(String line) {
    return new AuditOptions(deep, recordsOnly, verifyingKey, Checkpoint.parse(line));
  }
}
