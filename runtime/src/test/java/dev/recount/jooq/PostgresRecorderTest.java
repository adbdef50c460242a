package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The recorder contract on {@link TestDatabase#postgres()}, and what is particular to PostgreSQL's
 * notification order: the reserving function and rows from another cluster.
 */
class PostgresRecorderTest extends RecorderContract {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }

  /**
   * A transaction that wrote before it reserved ids could have a transaction id older than ids
   * reserved before its own; the function refuses rather than break the order.
   */
  @Test
  void idsAreReservedOnlyByTheFirstWriteOfATransaction() throws SQLException {
    try (Connection connection = db.connect();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("SELECT pg_current_xact_id()");
      assertThatThrownBy(() -> statement.execute("SELECT \"" + prefix + "reserve_ids\"(1)"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("must be reserved by the first write of a transaction");
      connection.rollback();
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

  /**
   * Rows restored from a dump of another cluster carry transaction ids that may be ahead of this
   * cluster's: readers would not see them, and later rows could become visible first. Opening the
   * recorder adopts them.
   */
  @Test
  void rowsFromAnotherClusterAreAdoptedAtStart() {
    UUID id = UUID.randomUUID();
    List<StoredEvent> restored = recorder.insert(List.of(event(id, 1), event(id, 2)), List.of());
    TestDatabase.awaitVisible(recorder, restored.get(1).notificationId());
    db.execute("UPDATE \"" + prefix + "events\" SET transaction_id ="
        + " (pg_snapshot_xmax(pg_current_snapshot())::text::bigint + 1000000)::text::xid8");
    assertThat(recorder.notifications(1, 10, Set.of())).isEmpty();
    recorder.close();

    recorder = open(false);
    assertThat(recorder.notifications(1, 10, Set.of())).containsExactlyElementsOf(restored);
    List<StoredEvent> next = recorder.insert(List.of(event(id, 3)), List.of());
    TestDatabase.awaitVisible(recorder, next.get(0).notificationId());
    assertThat(recorder.notifications(1, 10, Set.of())).hasSize(3).endsWith(next.get(0));
  }
}
