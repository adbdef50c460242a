package dev.recount.examples.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.AggregateForgotten;
import dev.recount.Application;
import dev.recount.Audit;
import dev.recount.CipherKeyError;
import dev.recount.CipherKeys;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Forgotten;
import dev.recount.log.Notification;
import dev.recount.process.ProcessApplication;
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
 * Key rotation and crypto-shredding on a real database: a writer with SUBJECT_KEYS and named keys,
 * a reader in another application on the same tables (as another process would be, with its own
 * keys in memory), and process applications following the reader's log that were behind when a
 * world was forgotten. Subclasses only name the database; every test has tables of its own.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
abstract class CryptoShreddingContract {
  private static final String K1 = CipherKeys.generate();
  private static final String K2 = CipherKeys.generate();
  private static final String K3 = CipherKeys.generate();

  DatabaseServer server;
  String prefix;
  private final List<Application> applications = new ArrayList<>();

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_keys");
  }

  @AfterEach
  void close() {
    applications.forEach(Application::close);
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  /** An application on the test's tables with SUBJECT_KEYS and the given named keys. */
  private Application application(boolean readOnly, String current, String... idsAndKeys) {
    Application.Builder builder = Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix))
        .subjectKeys(true)
        .readOnly(readOnly)
        .snapshottingInterval(3)
        .cipherKeyId(current);
    for (int i = 0; i < idsAndKeys.length; i += 2) {
      builder.cipherKey(idsAndKeys[i], idsAndKeys[i + 1]);
    }
    Application application = builder.build();
    applications.add(application);
    return application;
  }

  private static World world(Application app, String... whats) {
    World world = World.create();
    for (String what : whats) {
      world.makeItSo(what);
    }
    WorldRepository.of(app).save(world);
    return world;
  }

  private static void happen(Application app, UUID id, String... whats) {
    World world = WorldRepository.of(app).get(id);
    for (String what : whats) {
      world.makeItSo(what);
    }
    WorldRepository.of(app).save(world);
  }

  /**
   * The reader's log, once it shows {@code count} events (PostgreSQL holds back committed events
   * while an older transaction on the server runs).
   */
  private static List<Notification> awaitLog(Application reader, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    List<Notification> log;
    while ((log = reader.log().select(1, 1000)).size() < count) {
      assertThat(System.nanoTime()).as("%s notifications visible", count).isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    return log;
  }

  /** A follower that records what it was given, storing into an application of its own. */
  private static final class Follower {
    final List<Notification> seen = new ArrayList<>();
    final ProcessApplication process;

    Follower(String name, Application upstream) {
      Application own = Application.builder().build();
      process = ProcessApplication.builder(name, own)
          .follow("worlds", upstream.log())
          .pageSize(2)
          .policy((notification, unit) -> seen.add(notification))
          .build();
    }

    void close() {
      process.application().close();
    }
  }

  @Test
  void rotationAcrossThreeKeysThenRemovingTheFirst() {
    Application one = application(false, "k1", "k1", K1);
    World world = world(one, "dinosaurs");
    Application two = application(false, "k2", "k2", K2, "k1", K1);
    happen(two, world.id(), "trucks");
    World newer = world(two, "rain");
    Application three = application(false, "k3", "k3", K3, "k2", K2, "k1", K1);
    happen(three, world.id(), "internet");
    happen(three, newer.id(), "sun");

    assertThat(WorldRepository.of(three).get(world.id()).history())
        .containsExactly("dinosaurs", "trucks", "internet");
    assertThat(WorldRepository.of(three).get(newer.id()).history()).containsExactly("rain", "sun");
    assertThat(three.audit().aggregates()).isEqualTo(2);

    // The world's data key was wrapped by k1 when it was created; the newer one's by k2.
    Application withoutK1 = application(false, "k3", "k3", K3, "k2", K2);
    assertThat(WorldRepository.of(withoutK1).get(newer.id()).history())
        .containsExactly("rain", "sun");
    assertThatThrownBy(() -> WorldRepository.of(withoutK1).get(world.id()))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> {
          assertThat(e.keyId()).isEqualTo("k1");
          assertThat(e.aggregateId()).isEqualTo(world.id());
        })
        .hasMessageContaining("'k1'");
  }

  /**
   * Every load reads the aggregate's key row afresh, with its events (on PostgreSQL in the same
   * round trip, on H2 in the same statement): a reader that loaded a world before sees a key row
   * deleted or forgotten behind its back on its next load, for a world replayed from version 1, for
   * one replayed from a snapshot, and for one whose newest snapshot is its last version (no events
   * after it).
   */
  @Test
  void everyLoadSeesTheKeyRowAsItIsNowWithOrWithoutASnapshot() {
    Application writer = application(false, "k1", "k1", K1);
    Application reader = application(true, "k1", "k1", K1);
    World young = world(writer, "born"); // one event: replayed from version 1
    World old = world(writer, "born", "grew", "aged", "wrote"); // replayed from a snapshot
    World snapped = world(writer, "born", "grew"); // three events, the snapshot at the third
    World kept = world(writer, "founded");
    for (World world : List.of(young, old, snapped, kept)) {
      assertThat(WorldRepository.of(reader).get(world.id()).history()).isNotEmpty();
    }
    assertThat(WorldRepository.of(reader).get(snapped.id()).history())
        .containsExactly("born", "grew");

    writer.forget(old.id());
    writer.forget(snapped.id());
    server.execute("DELETE FROM " + server.quote(prefix + "subject_keys") + " WHERE "
        + server.quote("subject_id") + " = '" + young.id() + "'");

    assertThatThrownBy(() -> WorldRepository.of(reader).get(young.id()))
        .isInstanceOf(CipherKeyError.class)
        .hasMessageContaining("its row was deleted, not forgotten");
    assertThatThrownBy(() -> WorldRepository.of(reader).get(old.id()))
        .isInstanceOfSatisfying(
            AggregateForgotten.class, e -> assertThat(e.aggregateId()).isEqualTo(old.id()));
    assertThatThrownBy(() -> WorldRepository.of(reader).get(snapped.id()))
        .isInstanceOfSatisfying(
            AggregateForgotten.class, e -> assertThat(e.aggregateId()).isEqualTo(snapped.id()));
    assertThat(WorldRepository.of(reader).get(kept.id()).history()).containsExactly("founded");
  }

  @Test
  void forgettingLeavesTombstonesForFollowersThatWereBehindAndTheAuditVerifies() {
    Application writer = application(false, "k1", "k1", K1);
    // Another process on the same tables, which reads only: what the followers follow.
    Application reader = application(true, "k1", "k1", K1);
    World person = world(writer, "born");
    World other = world(writer, "founded");

    Follower ahead = new Follower("ahead", reader);
    Follower behind = new Follower("behind", reader);
    try {
      awaitLog(reader, 4);
      assertThat(ahead.process.pull()).isEqualTo(4);
      // The reader has loaded the person, so it held its key before it was destroyed.
      assertThat(WorldRepository.of(reader).get(person.id()).history()).containsExactly("born");
      happen(writer, person.id(), "moved", "married");
      happen(writer, other.id(), "grew");

      writer.forget(person.id());

      assertThatThrownBy(() -> WorldRepository.of(writer).get(person.id()))
          .isInstanceOf(AggregateForgotten.class);
      assertThatThrownBy(() -> WorldRepository.of(reader).get(person.id()))
          .isInstanceOfSatisfying(
              AggregateForgotten.class, e -> assertThat(e.aggregateId()).isEqualTo(person.id()));
      assertThatThrownBy(() -> writer.events(person.id())).isInstanceOf(AggregateForgotten.class);
      assertThat(WorldRepository.of(reader).get(other.id()).history())
          .containsExactly("founded", "grew");

      List<Notification> log = awaitLog(reader, 7);
      assertThat(log).hasSize(7);
      long last = log.get(6).id();
      assertThat(ahead.process.pull()).isEqualTo(3);
      assertThat(behind.process.pull()).isEqualTo(7);
      assertThat(ahead.process.position("worlds")).isEqualTo(last);
      assertThat(behind.process.position("worlds")).isEqualTo(last);

      // Every event of the person, before and after the ahead follower had seen it: a tombstone
      // with the notification's id, aggregate and version; the other world's events as stored.
      assertThat(behind.seen)
          .extracting(Notification::id)
          .containsExactlyElementsOf(log.stream().map(Notification::id).toList());
      for (Notification notification : behind.seen) {
        if (notification.originatorId().equals(person.id())) {
          assertThat(notification.event()).isInstanceOf(Forgotten.class);
        } else {
          assertThat(notification.event()).isNotInstanceOf(Forgotten.class);
        }
      }
      assertThat(behind.seen)
          .filteredOn(notification -> notification.event() instanceof Forgotten)
          .extracting(Notification::originatorVersion)
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(ahead.seen.subList(4, 7))
          .extracting(notification -> notification.event() instanceof Forgotten)
          .containsExactly(true, true, false);

      // Hashes cover the ciphertext: every chain and snapshot still verifies, by the writer
      // and by the reader.
      Audit audit = writer.audit();
      assertThat(audit.aggregates()).isEqualTo(2);
      assertThat(audit.events()).isEqualTo(7);
      assertThat(audit.snapshots()).isEqualTo(2); // the person's at version 4, the other's at 3
      assertThat(reader.audit()).isEqualTo(audit);
      // And no new event can be saved for the person.
      World stale = World.create(UUID.randomUUID());
      writer.forget(stale.id());
      assertThatThrownBy(() -> WorldRepository.of(writer).save(stale))
          .isInstanceOf(AggregateForgotten.class);
    } finally {
      ahead.close();
      behind.close();
    }
  }
}
