package dev.recount.store;

import dev.recount.Checkpoint;
import dev.recount.LogIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.internal.Hex;
import dev.recount.internal.Recorder;
import dev.recount.internal.StoredCheckpoint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Signs checkpoints of the notification log with {@code SIGNING_KEY}. It follows the log as any
 * reader does, in id order and seeing only what can no longer be preceded by a later commit, and
 * chains each event it reads ({@link CheckpointChain}); after {@code CHECKPOINT_INTERVAL} events,
 * or {@link #MAX_DELAY_SECONDS} after the first unsigned one, it signs the chain and inserts the
 * checkpoint in a statement of its own. Saves never wait for it: on PostgreSQL writers still commit
 * in parallel, and the signing is off every save's path.
 *
 * <p>It resumes from the newest stored checkpoint, once that verifies with its own key. Several
 * writers of one store may each run one: they chain the same log, and the table's keys let only the
 * first checkpoint after any one be stored; the others follow it.
 */
final class Checkpointer implements AutoCloseable {
  /** The longest an event waits for a checkpoint once the log is quiet. */
  static final long MAX_DELAY_SECONDS = 10;

  private static final int PAGE = 500;
  private static final System.Logger LOG = System.getLogger(Checkpointer.class.getName());

  private final Recorder recorder;
  private final String tablePrefix;
  private final PrivateKey signingKey;
  private final PublicKey verifyingKey;
  private final String keyId;
  private final int interval;
  private final Object prompts = new Object();
  private final Thread thread;
  private volatile boolean closed;
  private boolean prompted;

  // What the newest stored checkpoint covers (guarded by this).
  private boolean synced;
  private long after;
  private long events;
  private byte[] chainAtAfter;
  // What was read since, not yet signed.
  private long position;
  private CheckpointChain chain;
  private ByteArrayOutputStream pending = new ByteArrayOutputStream();
  private int pendingEvents;
  private long pendingSince;

  Checkpointer(
      Recorder recorder,
      String tablePrefix,
      PrivateKey signingKey,
      PublicKey verifyingKey,
      int interval) {
    this.recorder = recorder;
    this.tablePrefix = tablePrefix;
    this.signingKey = signingKey;
    this.verifyingKey = verifyingKey;
    this.keyId = Ed25519.keyId(verifyingKey);
    this.interval = interval;
    this.thread = new Thread(this::run, "recount-checkpointer-" + tablePrefix);
    thread.setDaemon(true);
    thread.start();
  }

  /** Tells the background thread that events were saved. */
  void prompt() {
    synchronized (prompts) {
      prompted = true;
      prompts.notifyAll();
    }
  }

  /**
   * Reads the log to its end now and signs every event not yet covered.
   *
   * @return the newest checkpoint; {@code null} if the log is empty
   */
  synchronized Checkpoint checkpointNow() {
    // Another writer's checkpoint taking the place of this one's leaves this one to follow it:
    // a few rounds settle it, since each round starts from the newest stored checkpoint.
    for (int round = 0; round < 3; round++) {
      catchUp(true);
      if (synced) {
        break;
      }
    }
    StoredCheckpoint latest = recorder.latestCheckpoint();
    return latest == null ? null : toCheckpoint(tablePrefix, latest);
  }

  private void run() {
    while (!closed) {
      synchronized (prompts) {
        if (!prompted) {
          try {
            prompts.wait(1000);
          } catch (InterruptedException e) {
            return;
          }
        }
        prompted = false;
      }
      if (closed) {
        return;
      }
      try {
        synchronized (this) {
          catchUp(false);
        }
      } catch (RuntimeException e) {
        // The database may be away for a while; the next prompt or second tries again.
        LOG.log(System.Logger.Level.WARNING, "signing a checkpoint of the log failed", e);
      }
    }
  }

  private void catchUp(boolean signAll) {
    if (!synced) {
      sync();
    }
    List<StoredEvent> page;
    do {
      page = recorder.notifications(position + 1, PAGE, Set.of());
      for (StoredEvent event : page) {
        byte[] entry = CheckpointChain.entry(event);
        chain.add(entry, 0);
        pending.writeBytes(entry);
        if (pendingEvents++ == 0) {
          pendingSince = System.nanoTime();
        }
        position = event.notificationId();
      }
      if (pendingEvents >= interval && !sign()) {
        return; // another writer's checkpoint came first; the next round follows it
      }
    } while (page.size() == PAGE);
    boolean overdue =
        System.nanoTime() - pendingSince > TimeUnit.SECONDS.toNanos(MAX_DELAY_SECONDS);
    if (pendingEvents > 0 && (signAll || overdue)) {
      sign();
    }
  }

  /** Signs and stores what is pending; false if another checkpoint took its place. */
  private boolean sign() {
    byte[] value = chain.value();
    long upTo = position;
    long covered = events + pendingEvents;
    long now = EventStore.micros(Instant.now());
    Checkpoint unsigned =
        new Checkpoint(tablePrefix, upTo, covered, Hex.encode(value), now, keyId, "AA==");
    byte[] signature =
        Ed25519.sign(signingKey, unsigned.signedText().getBytes(StandardCharsets.UTF_8));
    boolean stored = recorder.insertCheckpoint(new StoredCheckpoint(
        after, upTo, covered, value, now, keyId, signature, pending.toByteArray()));
    if (!stored) {
      synced = false;
      return false;
    }
    after = upTo;
    events = covered;
    chainAtAfter = value;
    startPending();
    return true;
  }

  /** Resumes after the newest stored checkpoint, which must verify with this key. */
  private void sync() {
    StoredCheckpoint latest = recorder.latestCheckpoint();
    if (latest == null) {
      after = 0;
      events = 0;
      chainAtAfter = CheckpointChain.START;
    } else {
      Checkpoint checkpoint = toCheckpoint(tablePrefix, latest);
      if (!checkpoint.keyId().equals(keyId)
          || !Ed25519.verify(
              verifyingKey,
              checkpoint.signedText().getBytes(StandardCharsets.UTF_8),
              latest.signature())) {
        throw new LogIntegrityError(
            latest.upTo(),
            null,
            0,
            "the newest checkpoint (key id " + latest.keyId() + ") does not verify with the"
                + " SIGNING_KEY's verifying key (key id " + keyId + "): it was altered, or"
                + " signed with another key; no checkpoint is signed on top of it");
      }
      after = latest.upTo();
      events = latest.events();
      chainAtAfter = latest.chain();
    }
    position = after;
    startPending();
    synced = true;
  }

  private void startPending() {
    chain = new CheckpointChain(chainAtAfter);
    pending = new ByteArrayOutputStream();
    pendingEvents = 0;
  }

  /**
   * A stored checkpoint as the public record.
   *
   * @throws LogIntegrityError if its fields cannot be a checkpoint (the row was altered)
   */
  static Checkpoint toCheckpoint(String tablePrefix, StoredCheckpoint stored) {
    try {
      return new Checkpoint(
          tablePrefix,
          stored.upTo(),
          stored.events(),
          Hex.encode(stored.chain()),
          stored.timestampMicros(),
          stored.keyId(),
          Base64.getEncoder().encodeToString(stored.signature()));
    } catch (IllegalArgumentException e) {
      throw new LogIntegrityError(
          stored.upTo(), null, 0, "the stored checkpoint is malformed: " + e.getMessage());
    }
  }

  /** Stops the background thread; what it has not signed stays unsigned until the next start. */
  @Override
  public void close() {
    closed = true;
    prompt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
