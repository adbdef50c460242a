package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The recorder contract on {@link TestDatabase#mariadb()}. */
class MariaDbRecorderTest extends RecorderContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }

  /**
   * The server refuses a statement larger than its max_allowed_packet (and may drop the connection,
   * which the driver reports as a reset): the error names the setting and the sizes.
   */
  @Test
  void aSaveLargerThanMaxAllowedPacketNamesIt() {
    long max = db.queryLong("SELECT @@max_allowed_packet");
    UUID id = UUID.randomUUID();
    byte[] big = new byte[(int) max + 1024];
    assertThatThrownBy(() -> recorder.insert(List.of(event(id, 1, TOPIC, big)), List.of()))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("could not save 1 event(s) at " + db.url)
        .hasMessageContaining("max_allowed_packet (" + max + " bytes)")
        .hasMessageNotContaining("\n");
    assertThat(recorder.events(id, 1, 9, false, 9)).isEmpty();
    assertThat(recorder.insert(List.of(event(id, 1)), List.of())).hasSize(1);
  }

  @Test
  void aUserWhoCannotUpdateTheWritersTableIsRefusedAtStart() {
    String user = prefix + "user";
    String grantee = "'" + user + "'@'%'";
    db.execute(
        "CREATE USER " + grantee + " IDENTIFIED BY 'secret'",
        "GRANT SELECT, INSERT ON `" + prefix + "events` TO " + grantee,
        "GRANT SELECT, INSERT ON `" + prefix + "snapshots` TO " + grantee,
        "GRANT SELECT, INSERT ON `" + prefix + "tracking` TO " + grantee,
        "GRANT SELECT, INSERT ON `" + prefix + "notification_ids` TO " + grantee,
        "GRANT SELECT ON `" + prefix + "writers` TO " + grantee);
    try {
      assertThatThrownBy(() -> Recorders.open(db.url, user, "secret", prefix, false, 2))
          .isInstanceOf(PersistenceError.class)
          .hasMessageContaining("cannot take a writer's slot in")
          .hasMessageContaining(prefix + "writers")
          .hasMessageContaining("as user '" + user + "'")
          .hasMessageContaining("needs SELECT and UPDATE on that table");
    } finally {
      db.execute("DROP USER " + grantee);
    }
  }

  @Test
  void aSequenceBehindTheStoredIdsIsRefusedAtStartWithWhatSetsIt() {
    recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of());
    long stored = recorder.maxNotificationId();
    recorder.close();
    recorder = null;
    db.execute("ALTER SEQUENCE `" + prefix + "notification_ids` RESTART WITH 1");
    assertThatThrownBy(() -> open(false))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("would hand out ids already stored")
        .cause()
        .hasMessageContaining("holds ids up to " + stored)
        .hasMessageContaining("SETVAL(`" + prefix + "notification_ids`, " + stored + ")");
  }

  @Test
  void tablesMadeBeforeTheSequenceGetOneThatStartsAfterTheirIds() {
    recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of());
    recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of());
    long stored = recorder.maxNotificationId();
    recorder.close();
    db.execute("DROP SEQUENCE `" + prefix + "notification_ids`");
    recorder = open(true);
    List<StoredEvent> saved = recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of());
    assertThat(saved.get(0).notificationId()).isEqualTo(stored + 1);
  }
}
