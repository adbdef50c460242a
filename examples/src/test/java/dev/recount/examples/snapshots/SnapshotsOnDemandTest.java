package dev.recount.examples.snapshots;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.AggregateNotFound;
import dev.recount.Application;
import dev.recount.DataIntegrityError;
import dev.recount.StoredSnapshot;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.testing.DatabaseServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Snapshots taken on demand at chosen versions, listed, and then used by loads at and between them,
 * which must equal a replay of the events alone; and snapshot intervals set at run time.
 */
class SnapshotsOnDemandTest {
  private final DatabaseServer h2 = DatabaseServer.h2();
  private final String prefix = DatabaseServer.newPrefix("ex_snap");
  private final Application app =
      Application.builder().dbUri(h2.url()).tablePrefix(prefix).build();
  private final WorldRepository worlds = WorldRepository.of(app);

  @AfterEach
  void close() {
    app.close();
    h2.drop(prefix);
  }

  /** A world of 13 versions, saved in several saves; no snapshots yet. */
  private World world() {
    World world = World.create();
    for (int i = 1; i <= 12; i++) {
      world.makeItSo("event " + i);
      if (i % 5 == 0) {
        worlds.save(world);
      }
    }
    worlds.save(world);
    return world;
  }

  /** What a load at each version 1..last gives, as text that covers every part of the state. */
  private List<String> loadsUpTo(UUID id, long last) {
    List<String> loads = new ArrayList<>();
    for (long version = 1; version <= last; version++) {
      World world = worlds.get(id, version);
      loads.add(world.version() + " " + world.history() + " " + world.head() + " "
          + world.createdOn() + " " + world.modifiedOn());
    }
    return loads;
  }

  @Test
  void loadsAtAndBetweenSnapshotsEqualAReplayOfTheEventsAlone() {
    World world = world();
    List<String> replayed = loadsUpTo(world.id(), 13);

    StoredSnapshot at4 = worlds.takeSnapshot(world.id(), 4);
    StoredSnapshot at9 = worlds.takeSnapshot(world.id(), 9);
    StoredSnapshot latest = worlds.takeSnapshot(world.id());

    assertThat(List.of(at4, at9, latest))
        .extracting(StoredSnapshot::originatorVersion)
        .containsExactly(4L, 9L, 13L);
    assertThat(worlds.snapshots(world.id())).containsExactly(at4, at9, latest);
    assertThat(loadsUpTo(world.id(), 13)).isEqualTo(replayed);
    assertThat(worlds.get(world.id()).history()).isEqualTo(world.history());
    // The snapshot at 9 is what loads at 9 to 12 start from: altered, they fail; the others do not.
    h2.execute("UPDATE " + h2.quote(prefix + "snapshots") + " SET " + h2.quote("timestamp_us")
        + " = " + h2.quote("timestamp_us") + " + 1 WHERE " + h2.quote("originator_version")
        + " = 9");
    for (long version = 9; version <= 12; version++) {
      long at = version;
      assertThatThrownBy(() -> worlds.get(world.id(), at))
          .isInstanceOf(DataIntegrityError.class)
          .hasMessageContaining("snapshot");
    }
    assertThat(worlds.get(world.id(), 8).history()).hasSize(7);
    assertThat(worlds.get(world.id(), 13).history()).hasSize(12);
  }

  @Test
  void aSnapshotAlreadyTakenIsKeptAndWhatCannotBeSnapshottedIsRefused() {
    World world = world();
    StoredSnapshot first = worlds.takeSnapshot(world.id(), 6);

    assertThat(worlds.takeSnapshot(world.id(), 6)).isEqualTo(first);
    assertThat(worlds.snapshots(world.id())).containsExactly(first);
    assertThatThrownBy(() -> worlds.takeSnapshot(world.id(), 14))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("aggregate " + world.id() + " has no version 14 to snapshot: its latest is 13");
    assertThatThrownBy(() -> worlds.takeSnapshot(world.id(), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("versions start at 1");
    UUID nobody = UUID.randomUUID();
    assertThatThrownBy(() -> worlds.takeSnapshot(nobody)).isInstanceOf(AggregateNotFound.class);
    assertThat(worlds.snapshots(nobody)).isEmpty();

    world.discard();
    worlds.save(world);
    assertThatThrownBy(() -> worlds.takeSnapshot(world.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was discarded at version 14");
    assertThat(worlds.takeSnapshot(world.id(), 13).originatorVersion()).isEqualTo(13);
  }

  @Test
  void anAggregateDeclaredNeverSnapshottedRefusesSnapshotsAndIntervals() {
    LedgerRepository ledgers = LedgerRepository.of(app);
    Ledger ledger = Ledger.open();
    ledger.enter(5);
    ledgers.save(ledger);

    assertThatThrownBy(() -> ledgers.takeSnapshot(ledger.id()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(Ledger.class.getName() + " cannot be snapshotted, but takeSnapshot("
            + ledger.id() + ") was called: it is declared @Aggregate(snapshotInterval = -1),"
            + " which means never; remove that (or set it to a positive interval) if a snapshot"
            + " of its fields restores its state");
    assertThatThrownBy(() -> ledgers.setSnapshotInterval(10))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("cannot be snapshotted, but a snapshot interval of 10 was asked for");
    ledgers.setSnapshotInterval(0); // none: what it has already
    assertThat(ledgers.snapshotInterval()).isZero();
    assertThat(ledgers.snapshots(ledger.id())).isEmpty();
  }

  @Test
  void anIntervalSetAtRunTimeOverridesTheAnnotationsForEveryRepositoryOfTheClass() {
    TallyRepository tallies = TallyRepository.of(app);
    assertThat(tallies.snapshotInterval()).isEqualTo(2);
    Tally tally = Tally.start(); // version 1
    tally.count(1);
    tally.count(2);
    tallies.save(tally); // 3: crosses 2

    TallyRepository.of(app).setSnapshotInterval(5);
    assertThat(tallies.snapshotInterval()).isEqualTo(5);
    tally.count(3);
    tallies.save(tally); // 4: no longer a snapshot
    tally.count(4);
    tallies.save(tally); // 5
    tally.count(5);
    tally.count(6);
    tallies.save(tally); // 7
    tallies.setSnapshotInterval(0);
    for (int i = 0; i < 6; i++) {
      tally.count(1);
      tallies.save(tally); // 8 to 13: none
    }

    assertThat(tallies.snapshots(tally.id()))
        .extracting(StoredSnapshot::originatorVersion)
        .containsExactly(3L, 5L);
    assertThat(tallies.get(tally.id()).total).isEqualTo(27);
    assertThat(tallies.get(tally.id(), 6).total).isEqualTo(15);
    assertThatThrownBy(() -> tallies.setSnapshotInterval(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is negative");
    // Another application of the same tables keeps the annotation's interval.
    try (Application other =
        Application.builder().dbUri(h2.url()).tablePrefix(prefix).build()) {
      assertThat(TallyRepository.of(other).snapshotInterval()).isEqualTo(2);
    }
  }
}
