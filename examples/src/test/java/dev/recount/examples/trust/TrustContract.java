package dev.recount.examples.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.Audit;
import dev.recount.AuditOptions;
import dev.recount.Checkpoint;
import dev.recount.CipherKeys;
import dev.recount.DataIntegrityError;
import dev.recount.LogIntegrityError;
import dev.recount.SigningKeys;
import dev.recount.StoredEvent;
import dev.recount.StoredSnapshot;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.testing.DatabaseServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What each check proves against someone who can write to the database but holds no key: rows
 * rewritten with plain SQL and their hashes recomputed ({@link Forger}). Each test says which check
 * catches the forgery and, where it matters, which checks do not. Run on each database, since the
 * checkpoints table and its queries are per dialect.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class TrustContract {
  private static final SigningKeys.Pair KEYS = SigningKeys.generate();

  DatabaseServer server;
  String prefix;
  Forger forger;
  private final List<Application> opened = new ArrayList<>();

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_trust");
    forger = new Forger(server, prefix);
  }

  @AfterEach
  void close() {
    opened.forEach(Application::close);
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  private Application.Builder builder() {
    return Application.builder().environment(ApplicationEnvironment.of(server, prefix));
  }

  private Application open(Application.Builder builder) {
    Application app = builder.build();
    opened.add(app);
    return app;
  }

  /**
   * A world with five events (created, then dinosaurs, trucks, internet, future), saved one command
   * at a time: with a snapshot every 2 events, snapshots at versions 2 and 4.
   */
  private static World saveWorld(Application app) {
    WorldRepository worlds = WorldRepository.of(app);
    World world = World.create();
    for (String what : List.of("dinosaurs", "trucks", "internet", "future")) {
      world.makeItSo(what);
      worlds.save(world);
    }
    awaitInTheLog(app, world);
    return world;
  }

  /**
   * Waits (bounded) until readers of the log see the world's last event: on PostgreSQL a reader
   * sees a commit only once every older transaction on the server has ended, and other tests run on
   * the same server. Checkpoints sign what readers see.
   */
  private static void awaitInTheLog(Application app, World world) {
    List<StoredEvent> stored = app.storedEvents(world.id());
    long last = stored.get(stored.size() - 1).notificationId();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (app.log().maxId() < last && System.nanoTime() < deadline) {
      java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
    }
  }

  private static String replaced(byte[] plainState, String what, String with) {
    String json = Forger.json(plainState);
    assertThat(json).contains(what);
    return json.replace(what, with);
  }

  // ---- snapshots --------------------------------------------------------------------------------

  @Test
  void eventsRewrittenBelowASnapshotAreCaughtByTheLoadsHeadCheck() {
    Application app = open(builder().snapshottingInterval(2));
    UUID id = saveWorld(app).id();
    List<StoredEvent> stored = app.storedEvents(id);
    forger.rewrite(
        stored, 2, List.of(Forger.plain(replaced(stored.get(1).state(), "dinosaurs", "FORGED"))));

    // The load starts at the snapshot at version 4 and reads one more row: the event at 4, whose
    // recomputed hash is no longer the snapshot's head.
    assertThatThrownBy(() -> WorldRepository.of(app).get(id))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 4")
        .hasMessageContaining("the snapshot's head is not the stored hash of the event at its");
  }

  @Test
  void aByteFlippedBelowASnapshotIsCaughtByAuditAndByALoadBelowTheSnapshotNotByALoadFromIt() {
    Application app = open(builder().snapshottingInterval(2));
    UUID id = saveWorld(app).id();
    StoredEvent second = app.storedEvents(id).get(1);
    byte[] flipped = Forger.plain(replaced(second.state(), "dinosaurs", "dinosaurz"));
    forger.overwriteState(second.notificationId(), flipped);

    assertThat(WorldRepository.of(app).get(id).history()).contains("dinosaurs");
    assertThatThrownBy(() -> WorldRepository.of(app).get(id, 3))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 2");
    assertThatThrownBy(app::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 2")
        .hasMessageContaining("does not match its hash");
  }

  @Test
  void aSnapshotForgedWithARecomputedHashIsCaughtByTheDeepAuditAlone() {
    Application app = open(builder().snapshottingInterval(2));
    UUID id = saveWorld(app).id();
    StoredSnapshot snapshot = forger.snapshots(id).get(1);
    assertThat(snapshot.originatorVersion()).isEqualTo(4);
    forger.forgeSnapshot(snapshot, Forger.plain(replaced(snapshot.state(), "dinosaurs", "FORGED")));

    // Without a key, a recomputed hash is all anyone can check: load and audit() accept it.
    assertThat(WorldRepository.of(app).get(id).history()).contains("FORGED");
    assertThatCode(app::audit).doesNotThrowAnyException();
    assertThatThrownBy(() -> app.audit(AuditOptions.defaults().deep()))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 4")
        .hasMessageContaining(
            "the snapshot's state is not the state the aggregate's events" + " replay to");
  }

  @Test
  void aDeepAuditProvesEverySnapshotEqualToTheReplayedState() {
    Application app = open(builder().snapshottingInterval(2));
    saveWorld(app);
    saveWorld(app);

    Audit audit = app.audit(AuditOptions.defaults().deep());

    assertThat(audit.snapshots()).isEqualTo(4);
    assertThat(audit.replayedSnapshots()).isEqualTo(4);
    assertThat(app.audit().replayedSnapshots()).isZero();
  }

  @Test
  void withACipherKeyAPlaintextSnapshotWithARecomputedHashIsRefused() {
    Application app = open(builder().snapshottingInterval(2).cipherKey(CipherKeys.generate()));
    UUID id = saveWorld(app).id();
    StoredSnapshot snapshot = forger.snapshots(id).get(1);
    forger.forgeSnapshot(
        snapshot,
        Forger.plain("{\"createdOn\":0,\"modifiedOn\":0,\"state\":{\"history\":[\"FORGED\"]}}"));

    assertThatThrownBy(() -> WorldRepository.of(app).get(id))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 4")
        .hasMessageContaining("is not encrypted, but a CIPHER_KEY is set");
    assertThatThrownBy(app::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 4");
    // An audit of the records alone needs no key, and proves only that they are consistent.
    Application keyless = open(builder().readOnly(true));
    Audit records = keyless.audit(AuditOptions.defaults().recordsOnly());
    assertThat(records.events()).isEqualTo(5);
    assertThat(records.snapshots()).isEqualTo(2);
  }

  @Test
  void aChangedTimestampPassesTheCipherKeyButNotTheIntegrityKey() {
    // AES-GCM binds the state to the aggregate, version and record kind, not to the timestamp.
    Application encrypted = open(builder().cipherKey(CipherKeys.generate()));
    World world = saveWorld(encrypted);
    StoredEvent third = encrypted.storedEvents(world.id()).get(2);
    forger.retime(encrypted.storedEvents(world.id()), 3, third.timestampMicros() - 86_400_000_000L);
    assertThat(encrypted.events(world.id()).get(2).timestamp())
        .isEqualTo(java.time.Instant.EPOCH.plus(
            third.timestampMicros() - 86_400_000_000L, java.time.temporal.ChronoUnit.MICROS));
    assertThatCode(encrypted::audit).doesNotThrowAnyException();

    // Tables of their own, so that the audit below meets no record written without the key.
    String taggedPrefix = prefix + "t";
    Application tagged = open(Application.builder()
        .environment(ApplicationEnvironment.of(server, taggedPrefix))
        .integrityKey(CipherKeys.generate()));
    World other = saveWorld(tagged);
    StoredEvent otherThird = tagged.storedEvents(other.id()).get(2);
    new Forger(server, taggedPrefix)
        .retime(tagged.storedEvents(other.id()), 3, otherThird.timestampMicros() - 1);
    assertThatThrownBy(() -> WorldRepository.of(tagged).get(other.id()))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + other.id() + " version 3")
        .hasMessageContaining("the event's integrity tag does not match");
    assertThatThrownBy(tagged::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + other.id() + " version 3");
  }

  @Test
  void withAnIntegrityKeyForgedSnapshotsAndEventsAreRefusedAndKeylessReadersStillVerify() {
    String integrityKey = CipherKeys.generate();
    Application app = open(builder().snapshottingInterval(2).integrityKey(integrityKey));
    UUID id = saveWorld(app).id();
    StoredSnapshot snapshot = forger.snapshots(id).get(1);
    // The forger keeps the tag bit and the tag's bytes (from the real snapshot): only the key
    // could make them right for the new state.
    byte[] forged = snapshot.state().clone();
    byte[] json = replaced(stripTag(snapshot.state()), "dinosaurs", "dinosaurZ")
        .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(json, 0, forged, 1, json.length);
    forger.forgeSnapshot(snapshot, forged);

    assertThatThrownBy(() -> WorldRepository.of(app).get(id))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 4")
        .hasMessageContaining("the snapshot's integrity tag does not match");
    assertThatThrownBy(app::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version 4")
        .hasMessageContaining("integrity tag");

    // An event forged without a tag at all is refused too.
    UUID other = saveWorld(app).id();
    List<StoredEvent> events = app.storedEvents(other);
    forger.rewrite(events, 5, List.of(Forger.plain("{\"what\":\"FORGED\"}")));
    assertThatThrownBy(() -> WorldRepository.of(app).get(other))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + other + " version 5")
        .hasMessageContaining("carries no integrity tag, but an INTEGRITY_KEY is set");

    // Without the key, tagged records still load, and hashes and chains still verify. That is
    // all a keyless audit proves: the records are consistent, not who wrote them; the two forged
    // records above pass it, their hashes having been recomputed.
    Application keyless = open(builder().readOnly(true));
    UUID intact = saveWorld(app).id();
    assertThat(WorldRepository.of(keyless).get(intact).history()).contains("future");
    assertThat(keyless.audit(AuditOptions.defaults().recordsOnly()).events()).isEqualTo(15);
    assertThatCode(keyless::audit).doesNotThrowAnyException();
  }

  private static byte[] stripTag(byte[] tagged) {
    byte[] plain = java.util.Arrays.copyOf(tagged, tagged.length - 32);
    plain[0] = 0;
    return plain;
  }

  // ---- signed checkpoints ------------------------------------------------------------------

  private Application signing() {
    return open(builder().signingKey(KEYS.signingKey()));
  }

  private static AuditOptions withTheVerifyingKey() {
    return AuditOptions.defaults().verifyingKey(KEYS.verifyingKey());
  }

  @Test
  void aRewriteOfAWholeAggregateWithRecomputedHashesIsCaughtOnlyByTheSignedCheckpoint() {
    Application app = signing();
    saveWorld(app);
    World world = saveWorld(app);
    saveWorld(app);
    app.checkpoint();
    List<StoredEvent> stored = app.storedEvents(world.id());
    List<byte[]> forged = new ArrayList<>();
    forged.add(null);
    for (int i = 1; i < stored.size(); i++) {
      forged.add(Forger.plain(replaced(stored.get(i).state(), "\"what\":\"", "\"what\":\"F-")));
    }
    forger.rewrite(stored, 1, forged);

    Application auditor = open(builder().readOnly(true));
    assertThat(WorldRepository.of(auditor).get(world.id()).history()).contains("F-dinosaurs");
    assertThatCode(auditor::audit).doesNotThrowAnyException();
    assertThatCode(() -> auditor.audit(AuditOptions.defaults().deep())).doesNotThrowAnyException();
    assertThatThrownBy(() -> auditor.audit(withTheVerifyingKey()))
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageContaining("notification id " + stored.get(1).notificationId())
        .hasMessageContaining("aggregate " + world.id() + " version 2")
        .hasMessageContaining("is not the one the checkpoint up to 15 signed")
        .satisfies(e -> assertThat(((LogIntegrityError) e).notificationId())
            .isEqualTo(stored.get(1).notificationId()));
    // The application that signs checks its own checkpoints in every audit.
    assertThatThrownBy(app::audit).isInstanceOf(LogIntegrityError.class);
  }

  @Test
  void deletedLastEventsAreNamedByTheCheckpoint() {
    Application app = signing();
    World world = saveWorld(app);
    saveWorld(app);
    app.checkpoint();
    List<StoredEvent> stored = app.storedEvents(world.id());
    forger.deleteEvent(stored.get(4).notificationId());
    forger.deleteEvent(stored.get(3).notificationId());

    // Every remaining record and chain is intact: only a trusted head or a checkpoint knows.
    assertThat(WorldRepository.of(app).get(world.id()).version()).isEqualTo(3);
    assertThatCode(() -> open(builder().readOnly(true)).audit()).doesNotThrowAnyException();
    assertThatThrownBy(() -> app.audit(withTheVerifyingKey()))
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageContaining("notification id " + stored.get(3).notificationId())
        .hasMessageContaining("aggregate " + world.id() + " version 4")
        .hasMessageContaining("is missing");
  }

  @Test
  void swappedNotificationIdsAreNamed() {
    Application app = signing();
    World world = saveWorld(app);
    saveWorld(app);
    app.checkpoint();
    List<StoredEvent> stored = app.storedEvents(world.id());
    long a = stored.get(1).notificationId();
    long b = stored.get(2).notificationId();
    forger.swapNotificationIds(a, b);

    // Versions and chains are per aggregate: loads and the audit of records see nothing wrong.
    assertThat(WorldRepository.of(app).get(world.id()).history())
        .containsExactly("dinosaurs", "trucks", "internet", "future");
    assertThat(app.log().select(a, 1).get(0).originatorVersion()).isEqualTo(3);
    assertThatThrownBy(() -> app.audit(withTheVerifyingKey()))
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageContaining("notification id " + a + " (aggregate " + world.id() + " version 3)")
        .hasMessageContaining("moved here from another notification id");
  }

  @Test
  void theAuditSaysHowFarTheCheckpointsReach() {
    Application app = signing();
    saveWorld(app);
    saveWorld(app);
    Checkpoint checkpoint = app.checkpoint().orElseThrow();
    saveWorld(app);

    Audit audit = open(builder().readOnly(true)).audit(withTheVerifyingKey());

    assertThat(checkpoint.upTo()).isEqualTo(10);
    assertThat(audit.checkpointedUpTo()).isEqualTo(10);
    assertThat(audit.checkpointedEvents()).isEqualTo(10);
    assertThat(audit.lastNotificationId()).isEqualTo(15);
    assertThat(audit.events()).isEqualTo(15);
  }

  @Test
  void anExportedCheckpointCatchesTheNewestCheckpointsDeletedWithTheirEvents() {
    Application app = signing();
    saveWorld(app);
    long first = app.checkpoint().orElseThrow().upTo();
    World world = saveWorld(app);
    String exported = app.checkpoint().orElseThrow().line();
    assertThat(app.latestCheckpoint().orElseThrow().line()).isEqualTo(exported);
    assertThat(Checkpoint.parse(exported).upTo()).isEqualTo(10);
    assertThatCode(() -> app.audit(withTheVerifyingKey().checkpoint(exported)))
        .doesNotThrowAnyException();

    // A DBA removes the second world and the checkpoint that covered it: the database alone
    // now holds a consistent, signed, shorter history.
    for (StoredEvent event : app.storedEvents(world.id())) {
      forger.deleteEvent(event.notificationId());
    }
    forger.deleteCheckpointsAfter(first);
    Application auditor = open(builder().readOnly(true));
    assertThat(auditor.audit(withTheVerifyingKey()).checkpointedUpTo()).isEqualTo(first);

    assertThatThrownBy(() -> auditor.audit(withTheVerifyingKey().checkpoint(exported)))
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageContaining("notification id 10")
        .hasMessageContaining("the newest checkpoints were deleted");
  }

  @Test
  void anAlteredCheckpointOrAnotherKeyIsRefused() {
    Application app = signing();
    saveWorld(app);
    app.checkpoint();

    assertThatThrownBy(() -> app.audit(
            AuditOptions.defaults().verifyingKey(SigningKeys.generate().verifyingKey())))
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageContaining("notification id 5")
        .hasMessageContaining("was signed with the key");
    forger.alterCheckpointEventCount(5, 4);
    assertThatThrownBy(() -> app.audit(withTheVerifyingKey()))
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageContaining("notification id 5")
        .hasMessageContaining("does not match its signature");
  }

  @Test
  void twoWritersSigningTheSameLogKeepOneUnbrokenSequenceOfCheckpoints() {
    Application one = signing();
    Application two = signing();
    for (int i = 0; i < 3; i++) {
      saveWorld(one);
      one.checkpoint();
      saveWorld(two);
      two.checkpoint();
      saveWorld(one);
    }
    two.checkpoint();

    Audit audit = open(builder().readOnly(true)).audit(withTheVerifyingKey());
    assertThat(audit.checkpointedUpTo()).isEqualTo(45);
    assertThat(audit.checkpointedEvents()).isEqualTo(45);
  }

  @Test
  void theApplicationSignsCheckpointsInTheBackgroundEveryIntervalOfEvents() throws Exception {
    Application app = open(builder().signingKey(KEYS.signingKey()).checkpointInterval(5));
    for (int i = 0; i < 3; i++) {
      saveWorld(app);
    }
    // Bounded wait for the checkpointer's thread; the assertion is what it signed, not when.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (app.latestCheckpoint().map(Checkpoint::upTo).orElse(0L) < 15
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(app.latestCheckpoint().orElseThrow().upTo()).isEqualTo(15);
    assertThat(app.audit().checkpointedUpTo()).isEqualTo(15);
  }
}
