package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The recorder contract on {@link TestDatabase#postgres()}, and what is particular to PostgreSQL's
 * notification order: the reserving function, and what readers wait for.
 */
class PostgresRecorderTest extends RecorderContract {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }

  /**
   * A transaction that has written before may reserve ids (a save inside the caller's transaction):
   * its block stays in flight, and hides every id from it up, until it ends.
   */
  @Test
  void aTransactionThatWroteBeforeReservesIdsThatStayHiddenUntilItEnds() throws SQLException {
    UUID id = UUID.randomUUID();
    List<StoredEvent> before = recorder.insert(List.of(event(id, 1)), List.of());
    TestDatabase.awaitVisible(recorder, before.get(0).notificationId());
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("SELECT pg_current_xact_id()"); // it has written, as far as ids go
      long first;
      try (ResultSet row = statement.executeQuery("SELECT \"" + prefix + "reserve_ids\"(2)")) {
        row.next();
        first = row.getLong(1);
      }
      List<StoredEvent> after = recorder.insert(List.of(event(id, 2)), List.of());
      assertThat(after.get(0).notificationId()).isGreaterThan(first + 1);
      // Committed, but above a block still in flight: not shown yet.
      assertThat(recorder.notifications(1, 10, Set.of())).containsExactlyElementsOf(before);
      assertThat(recorder.maxNotificationId()).isEqualTo(before.get(0).notificationId());
      connection.rollback();
      TestDatabase.awaitVisible(recorder, after.get(0).notificationId());
      assertThat(recorder.notifications(1, 10, Set.of()))
          .containsExactly(before.get(0), after.get(0));
    }
  }

  /**
   * An error raised inside the reserving function comes with PostgreSQL's context (where in the
   * PL/pgSQL it was, the statement): kept in the cause, out of the one-line message.
   */
  @Test
  void anErrorInTheReservingFunctionIsOneLine() {
    db.execute("ALTER SEQUENCE \"" + prefix + "notification_ids\" MAXVALUE 2");
    recorder.insert(List.of(event(UUID.randomUUID(), 1), event(UUID.randomUUID(), 1)), List.of());
    assertThatThrownBy(() -> recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of()))
        .isInstanceOf(dev.recount.PersistenceError.class)
        .hasMessageContaining("could not save 1 event(s) at " + db.url)
        .hasMessageContaining("reached maximum value of sequence")
        .hasMessageNotContaining("\n")
        .hasMessageNotContaining("PL/pgSQL")
        .rootCause()
        .hasMessageContaining("PL/pgSQL function");
  }

  /** A sequence that hands out ids in blocks per session would break the order: refused. */
  @Test
  void aCachingSequenceIsRefusedAtStart() {
    db.execute("ALTER SEQUENCE \"" + prefix + "notification_ids\" CACHE 20");
    assertThatThrownBy(() -> open(false))
        .isInstanceOf(dev.recount.PersistenceError.class)
        .hasMessageContaining(prefix + "notification_ids")
        .hasMessageContaining("it has CACHE 20 and INCREMENT 1; notification ids need CACHE 1");
  }
}
