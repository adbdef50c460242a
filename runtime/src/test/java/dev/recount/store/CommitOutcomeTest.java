package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CommitOutcomeUnknown;
import dev.recount.StoredEvent;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Application#isStored}: the first new event of each aggregate, looked up and compared with
 * what the save sent, on H2 (PostgresCommitOutcomeTest kills real commits).
 */
class CommitOutcomeTest {
  @Test
  void aSaveThatIsStoredIsStoredAndOneThatIsNotIsNot() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = Application.builder().dbUri(database.url).build()) {
      Counter a = Counter.create();
      a.add(1);
      Counter b = Counter.create();
      app.save(a, b);
      List<StoredEvent> sent = new java.util.ArrayList<>(app.storedEvents(a.id()));
      sent.addAll(app.storedEvents(b.id()));

      CommitOutcomeUnknown stored =
          new CommitOutcomeUnknown("lost", new SQLException("gone"), sent);
      assertThat(stored.firstNewVersions()).isEqualTo(Map.of(a.id(), 1L, b.id(), 1L));
      assertThat(stored).hasMessage("lost: gone");
      assertThat(app.isStored(stored)).isTrue();

      // Another save's event at the same version (the same key, other state) is not this one.
      StoredEvent other = sent.get(2);
      StoredEvent changed = new StoredEvent(
          other.originatorId(),
          other.originatorVersion(),
          other.topic(),
          other.timestampMicros() + 1,
          other.state(),
          null,
          null,
          0);
      assertThat(app.isStored(new CommitOutcomeUnknown(
              "lost", new SQLException("gone"), List.of(sent.get(0), changed))))
          .isFalse();

      Counter never = Counter.create();
      assertThat(app.isStored(new CommitOutcomeUnknown(
              "lost",
              new SQLException("gone"),
              List.of(new StoredEvent(never.id(), 1, "t", 1, new byte[] {1}, null, null, 0)))))
          .isFalse();
    }
  }

  @Test
  void anErrorWithoutEventsCannotBeAskedAbout() {
    try (Application app = Application.builder().build()) {
      assertThatThrownBy(() ->
              app.isStored(new CommitOutcomeUnknown("lost", new SQLException("gone"), List.of())))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("carries no events");
    }
  }
}
