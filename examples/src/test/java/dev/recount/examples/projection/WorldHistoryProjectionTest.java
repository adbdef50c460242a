package dev.recount.examples.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The read model neither loses nor repeats an update across a crash and a restart. */
class WorldHistoryProjectionTest {
  private final String readModel =
      "jdbc:h2:mem:read-model-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

  @Test
  void followsTheLogAndResumesExactlyAfterACrash() throws SQLException {
    try (Application app = Application.builder().build()) {
      WorldRepository worlds = WorldRepository.of(app);
      World world = World.create();
      world.makeItSo("dinosaurs");
      worlds.save(world);

      try (WorldHistoryProjection projection = new WorldHistoryProjection(readModel)) {
        assertThat(projection.catchUp(app.log())).isEqualTo(2);
        assertThat(projection.row(world.id()))
            .contains(new WorldHistoryProjection.Row(1, "dinosaurs"));
      }

      for (int i = 0; i < 120; i++) {
        world.makeItSo("thing " + i);
      }
      worlds.save(world);

      // Crash in the middle of the third page: its work rolls back with its position.
      try (WorldHistoryProjection crashing = new CrashingProjection(readModel, 2 + 50 * 2 + 17)) {
        assertThatThrownBy(() -> crashing.catchUp(app.log())).hasMessage("power cut");
        assertThat(crashing.position()).isEqualTo(102);
        assertThat(crashing.row(world.id()).orElseThrow().happenings()).isEqualTo(101);
      }

      try (WorldHistoryProjection restarted = new WorldHistoryProjection(readModel)) {
        assertThat(restarted.catchUp(app.log())).isEqualTo(20);
        assertThat(restarted.row(world.id()))
            .contains(new WorldHistoryProjection.Row(121, "thing 119"));
        assertThat(restarted.position()).isEqualTo(app.log().maxId());
        assertThat(restarted.catchUp(app.log())).isZero();
      }
    }
  }

  /** Fails while applying one notification, as if the process died there. */
  private static final class CrashingProjection extends WorldHistoryProjection {
    private final long crashAt;

    CrashingProjection(String url, long crashAt) throws SQLException {
      super(url);
      this.crashAt = crashAt;
    }

    @Override
    void apply(Notification notification) throws SQLException {
      if (notification.id() == crashAt) {
        throw new IllegalStateException("power cut");
      }
      super.apply(notification);
    }
  }
}
