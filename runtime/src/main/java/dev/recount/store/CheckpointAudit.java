package dev.recount.store;

import dev.recount.Checkpoint;
import dev.recount.LogIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.internal.Hex;
import dev.recount.internal.Recorder;
import dev.recount.internal.StoredCheckpoint;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Checks the notification log against its signed checkpoints, given only the verifying key: every
 * checkpoint's signature, that they follow each other without a gap, that each one's witness chains
 * to the value it signed, and that the stored events, read in id order, are exactly the witnessed
 * ones up to the newest checkpoint. With a checkpoint exported earlier, also that the stored
 * checkpoints reach it and agree with it. Stops at the first difference, naming its notification id
 * (and the event's aggregate and version).
 */
final class CheckpointAudit {
  private static final int PAGE = 500;

  /**
   * How far the checkpoints reach.
   *
   * @param upTo the notification id the newest checkpoint covers; 0 if there is none
   * @param events how many events the checkpoints cover
   * @param lastNotificationId the largest notification id a reader sees now
   */
  record Reach(long upTo, long events, long lastNotificationId) {}

  private final Recorder recorder;
  private final String tablePrefix;
  private final PublicKey key;
  private final String keyId;
  private final Checkpoint exported;

  /** The stored events in id order, a page at a time. */
  private List<StoredEvent> page = List.of();

  private int index;
  private long readUpTo;

  /** @param exported a checkpoint line kept outside the database; {@code null} if none */
  CheckpointAudit(Recorder recorder, String tablePrefix, PublicKey key, Checkpoint exported) {
    this.recorder = recorder;
    this.tablePrefix = tablePrefix;
    this.key = key;
    this.keyId = Ed25519.keyId(key);
    this.exported = exported;
  }

  Reach run() {
    if (exported != null) {
      checkExported();
    }
    long after = 0;
    long events = 0;
    byte[] chain = CheckpointChain.START;
    boolean reachedExported = false;
    List<StoredCheckpoint> checkpoints;
    while (!(checkpoints = recorder.checkpoints(after, 100)).isEmpty()) {
      for (StoredCheckpoint stored : checkpoints) {
        Checkpoint checkpoint = Checkpointer.toCheckpoint(tablePrefix, stored);
        checkSignature(stored, checkpoint);
        if (stored.after() != after) {
          throw new LogIntegrityError(
              stored.upTo(),
              null,
              0,
              "the checkpoint up to it follows one up to " + stored.after()
                  + ", but the checkpoint before it ends at " + after
                  + ": checkpoints were deleted");
        }
        chain = checkWitness(stored, chain, events);
        events = stored.events();
        after = stored.upTo();
        if (exported != null && exported.upTo() == stored.upTo()) {
          if (!exported.chain().equals(checkpoint.chain())
              || exported.events() != checkpoint.events()) {
            throw new LogIntegrityError(
                stored.upTo(),
                null,
                0,
                "the stored checkpoint up to it differs from the exported one");
          }
          reachedExported = true;
        }
      }
    }
    if (exported != null && !reachedExported) {
      throw new LogIntegrityError(
          exported.upTo(),
          null,
          0,
          "no stored checkpoint ends where the exported one does (the stored ones reach "
              + after + "): "
              + (exported.upTo() > after
                  ? "the newest checkpoints were deleted, and events after " + after
                      + " may have been with them"
                  : "the stored checkpoints were replaced"));
    }
    StoredEvent extra = next();
    if (extra != null && extra.notificationId() <= after) {
      throw inserted(extra);
    }
    return new Reach(after, events, recorder.maxNotificationId());
  }

  private void checkExported() {
    if (!exported.tablePrefix().equals(tablePrefix)) {
      throw new LogIntegrityError(
          exported.upTo(),
          null,
          0,
          "the exported checkpoint is of the tables '" + exported.tablePrefix() + "', not of '"
              + tablePrefix + "'");
    }
    if (!exported.keyId().equals(keyId) || !verifies(exported, decode(exported.signature()))) {
      throw new LogIntegrityError(
          exported.upTo(),
          null,
          0,
          "the exported checkpoint's signature does not verify with the given key (key id " + keyId
              + "; the checkpoint names " + exported.keyId() + ")");
    }
  }

  private void checkSignature(StoredCheckpoint stored, Checkpoint checkpoint) {
    if (!stored.keyId().equals(keyId)) {
      throw new LogIntegrityError(
          stored.upTo(),
          null,
          0,
          "the checkpoint up to it was signed with the key " + stored.keyId()
              + ", not with the given key " + keyId);
    }
    if (!verifies(checkpoint, stored.signature())) {
      throw new LogIntegrityError(
          stored.upTo(),
          null,
          0,
          "the checkpoint up to it does not match its signature: the row was altered");
    }
  }

  private boolean verifies(Checkpoint checkpoint, byte[] signature) {
    return Ed25519.verify(key, checkpoint.signedText().getBytes(StandardCharsets.UTF_8), signature);
  }

  /**
   * Checks the checkpoint's witness against what it signed, then the stored events against the
   * witness.
   *
   * @return the chain's value at the checkpoint
   */
  private byte[] checkWitness(StoredCheckpoint stored, byte[] start, long eventsBefore) {
    byte[] witness = stored.witness();
    int count = witness.length / CheckpointChain.ENTRY_BYTES;
    if (witness.length % CheckpointChain.ENTRY_BYTES != 0
        || stored.events() != eventsBefore + count) {
      throw alteredWitness(stored);
    }
    CheckpointChain chain = new CheckpointChain(start);
    long previousId = stored.after();
    for (int i = 0; i < count; i++) {
      int offset = i * CheckpointChain.ENTRY_BYTES;
      chain.add(witness, offset);
      long id = CheckpointChain.Entry.at(witness, offset).notificationId();
      if (id <= previousId || id > stored.upTo() || i == count - 1 && id != stored.upTo()) {
        throw alteredWitness(stored);
      }
      previousId = id;
    }
    if (!Arrays.equals(chain.value(), stored.chain())) {
      throw alteredWitness(stored);
    }
    for (int i = 0; i < count; i++) {
      int offset = i * CheckpointChain.ENTRY_BYTES;
      CheckpointChain.Entry signed = CheckpointChain.Entry.at(witness, offset);
      StoredEvent event = next();
      if (event == null || event.notificationId() > signed.notificationId()) {
        throw new LogIntegrityError(
            signed.notificationId(),
            signed.aggregateId(),
            signed.version(),
            "the event the checkpoint up to " + stored.upTo() + " signed here is missing: it was"
                + " deleted, or moved to another notification id");
      }
      if (event.notificationId() < signed.notificationId()) {
        throw inserted(event);
      }
      byte[] entry = CheckpointChain.entry(event);
      if (!Arrays.equals(entry, 0, entry.length, witness, offset, offset + entry.length)) {
        throw new LogIntegrityError(
            event.notificationId(),
            event.originatorId(),
            event.originatorVersion(),
            "the stored event is not the one the checkpoint up to " + stored.upTo()
                + " signed at this notification id (that was aggregate " + signed.aggregateId()
                + " version " + signed.version() + ", hash " + Hex.encode(signed.hash())
                + "): it was rewritten, or moved here from another notification id");
      }
      index++;
    }
    return chain.value();
  }

  private LogIntegrityError inserted(StoredEvent event) {
    return new LogIntegrityError(
        event.notificationId(),
        event.originatorId(),
        event.originatorVersion(),
        "no checkpoint signed an event at this notification id, though checkpoints cover it: the"
            + " event was inserted, or moved here from another notification id");
  }

  private static LogIntegrityError alteredWitness(StoredCheckpoint stored) {
    return new LogIntegrityError(
        stored.upTo(),
        null,
        0,
        "the events listed in the checkpoint up to it do not chain to the value it signed: the"
            + " row was altered");
  }

  /** The next stored event in id order, without taking it; {@code null} after the last. */
  private StoredEvent next() {
    if (index == page.size()) {
      page = recorder.notifications(readUpTo + 1, PAGE, Set.of());
      index = 0;
      if (page.isEmpty()) {
        return null;
      }
      readUpTo = page.get(page.size() - 1).notificationId();
    }
    return page.get(index);
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }
}
