package dev.recount.examples.kitchen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.DataIntegrityError;
import dev.recount.examples.testing.H2Database;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Snapshots: taken on save, used on load, equal to a full replay, checked like events. */
class SnapshotTest {
  private static final String SNAPSHOTS = "\"recount_snapshots\"";

  @Test
  void snapshotPlusLaterEventsEqualsFullReplayForRandomHistories() {
    Random random = new Random(20261124);
    try (H2Database db = new H2Database();
        Application withSnapshots = db.application().build();
        // The same events, copied to tables of their own that never get a snapshot.
        Application eventsOnly = db.application().tablePrefix("replay_").build()) {
      KitchenSinkRepository snapshotted = KitchenSinkRepository.of(withSnapshots);
      KitchenSinkRepository replayed = KitchenSinkRepository.of(eventsOnly);
      for (int history = 0; history < 200; history++) {
        KitchenSink sink = KitchenSink.start();
        int saves = 1 + random.nextInt(6);
        for (int save = 0; save < saves; save++) {
          int commands = random.nextInt(5);
          for (int c = 0; c < commands; c++) {
            sink.count(random.nextInt(7) - 3, "note" + random.nextInt(4));
          }
          snapshotted.save(sink);
        }
        UUID id = sink.id();
        db.update(
            "INSERT INTO \"replay_events\" SELECT * FROM \"recount_events\""
                + " WHERE \"originator_id\" = ?",
            id);
        // Every version, from snapshots (interval 3) and from events alone, must agree.
        for (long version = 1; version <= sink.version(); version++) {
          KitchenSink fromSnapshot = snapshotted.get(id, version);
          KitchenSink fromEvents = replayed.get(id, version);
          assertThat(fromSnapshot.state())
              .as("history %s version %s", history, version)
              .isEqualTo(fromEvents.state());
          assertThat(fromSnapshot.version()).isEqualTo(version);
          assertThat(fromSnapshot.head()).isEqualTo(fromEvents.head());
          assertThat(fromSnapshot.createdOn()).isEqualTo(fromEvents.createdOn());
          assertThat(fromSnapshot.modifiedOn()).isEqualTo(fromEvents.modifiedOn());
        }
        assertThat(snapshotted.get(id).state()).isEqualTo(sink.state());
      }
      assertThat((Long) db.query("SELECT COUNT(*) FROM " + SNAPSHOTS)).isGreaterThan(100L);
    }
  }

  @Test
  void aSnapshotIsTakenEveryIntervalAndUsedOnLoad() {
    try (H2Database db = new H2Database();
        Application app = db.application().build()) {
      KitchenSinkRepository sinks = KitchenSinkRepository.of(app);
      KitchenSink sink = KitchenSink.start();
      sink.count(1, "a");
      sink.count(2, "b");
      sink.count(3, "c");
      sinks.save(sink); // version 4: one snapshot, at 4 (crossed 3)
      sink.count(4, "d");
      sinks.save(sink); // version 5: none

      assertThat(count(db, sink.id())).isEqualTo(1L);
      // Prove the snapshot is used: remove the events below it; the aggregate still loads. (The
      // event at its version stays: the load checks the snapshot's head against its hash.)
      db.update(
          "DELETE FROM \"recount_events\" WHERE \"originator_id\" = ? AND"
              + " \"originator_version\" < 4",
          sink.id());
      KitchenSink loaded = sinks.get(sink.id());
      assertThat(loaded.state()).isEqualTo(sink.state());
      assertThat(loaded.appliedSinceLoad).isEqualTo(1);
    }
  }

  @Test
  void theApplicationIntervalAppliesToAggregatesWithoutTheirOwn() {
    try (H2Database db = new H2Database();
        Application app = db.application().snapshottingInterval(2).build()) {
      dev.recount.examples.world.World world = dev.recount.examples.world.World.create();
      world.makeItSo("a");
      world.makeItSo("b");
      world.makeItSo("c");
      dev.recount.examples.world.WorldRepository.of(app).save(world);

      assertThat(count(db, world.id())).isEqualTo(1L);
      assertThat(
              dev.recount.examples.world.WorldRepository.of(app).get(world.id()).history())
          .containsExactly("a", "b", "c");
    }
  }

  @Test
  void aSnapshotOfAnotherShapeIsIgnoredAndTheEventsReplayed() {
    try (H2Database db = new H2Database();
        Application app = db.application().build()) {
      KitchenSinkRepository sinks = KitchenSinkRepository.of(app);
      KitchenSink sink = KitchenSink.start();
      sink.count(5, "a");
      sink.count(6, "b");
      sinks.save(sink);
      // As if an older class with other fields had written it: its state would not fit.
      db.update("UPDATE " + SNAPSHOTS + " SET \"fingerprint\" = 'an-older-shape'");

      KitchenSink loaded = sinks.get(sink.id());

      assertThat(loaded.state()).isEqualTo(sink.state());
      assertThat(loaded.appliedSinceLoad).isEqualTo(2);
    }
  }

  @Test
  void aTamperedSnapshotIsNamed() {
    try (H2Database db = new H2Database();
        Application app = db.application().build()) {
      KitchenSinkRepository sinks = KitchenSinkRepository.of(app);
      KitchenSink sink = KitchenSink.start();
      sink.count(5, "a");
      sink.count(6, "b");
      sinks.save(sink);
      db.update("UPDATE " + SNAPSHOTS + " SET \"timestamp_us\" = 1");

      assertThatThrownBy(() -> sinks.get(sink.id()))
          .isInstanceOf(DataIntegrityError.class)
          .hasMessageContaining("aggregate " + sink.id() + " version 3")
          .hasMessageContaining("snapshot does not match its hash");
    }
  }

  @Test
  void snapshotsAreEncryptedLikeEvents() {
    try (H2Database db = new H2Database();
        Application app = db.application().cipherKey(CipherKeys.generate()).build()) {
      KitchenSinkRepository sinks = KitchenSinkRepository.of(app);
      KitchenSink sink = KitchenSink.start();
      sink.count(5, "secret-note");
      sink.count(6, "secret-note");
      sinks.save(sink);

      byte[] state = (byte[]) db.query("SELECT \"state\" FROM " + SNAPSHOTS);
      assertThat(new String(state, StandardCharsets.ISO_8859_1)).doesNotContain("secret-note");
      assertThat(sinks.get(sink.id()).state()).isEqualTo(sink.state());
    }
  }

  private static Object count(H2Database db, UUID id) {
    return db.query("SELECT COUNT(*) FROM " + SNAPSHOTS + " WHERE \"originator_id\" = ?", id);
  }
}
