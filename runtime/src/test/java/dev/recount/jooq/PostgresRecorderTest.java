package dev.recount.jooq;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.StoredEvent;
import dev.recount.dcb.Query;
import dev.recount.dcb.QueryItem;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
   * The reserving function marks its block before it takes the ids from the sequence. A reader that
   * reads the sequence in that moment sees a mark one above the last id handed out; it must take it
   * for the next block (nothing above the sequence is visible yet), not for a block 2^32 ids back.
   * The second reading made every reader's bound negative for that moment, so a reader that had
   * already seen the log's head read nothing below it, and a projection took the silence for the
   * absence of events and moved past them (found by a rebuild while writers wrote).
   */
  @Test
  void aBlockMarkedBeforeItsIdsAreTakenHidesOnlyWhatIsAboveTheSequence() throws SQLException {
    List<StoredEvent> before = recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of());
    long last = before.get(0).notificationId();
    TestDatabase.awaitVisible(recorder, last);
    try (Connection marker = db.connect();
        Statement statement = marker.createStatement()) {
      marker.setAutoCommit(false);
      // What reserve_ids holds between its mark and its nextval: the mark of id last + 1.
      statement.execute("SELECT pg_advisory_xact_lock_shared('\"" + prefix
          + "notification_ids\"'::regclass::oid::integer, " + (last + 1) + ")");
      try (Connection reader = db.connect();
          ResultSet row =
              reader.createStatement().executeQuery("SELECT \"" + prefix + "visible_below\"()")) {
        row.next();
        assertThat(row.getLong(1)).isEqualTo(last + 1);
      }
      assertThat(recorder.maxNotificationId()).isEqualTo(last);
      assertThat(recorder.notifications(1, 10, Set.of())).containsExactlyElementsOf(before);
      marker.rollback();
    }
  }

  /**
   * A save waiting for a boundary lock of Dynamic Consistency Boundaries (docs/DCB.md) has reserved
   * no ids, so it holds back no reader of the log; and a held boundary lock, an advisory lock with
   * one 64-bit key, is not taken for a block of ids in flight by {@code visible_below}.
   */
  @Test
  void aSaveWaitingForABoundaryLockHoldsBackNoReader() throws Exception {
    List<StoredEvent> before = recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of());
    TestDatabase.awaitVisible(recorder, before.get(0).notificationId());
    KeyLocks locks = new KeyLocks(Dialect.POSTGRES, prefix);
    long key = locks.key("type:" + TOPIC);
    CompletableFuture<List<StoredEvent>> waiting;
    StoredEvent other;
    try (Connection holder = db.connect()) {
      holder.setAutoCommit(false);
      // As a conditional append on types(TOPIC) holds it: exclusive, until its transaction ends.
      locks.lock(holder, List.of(), List.of(), Query.of(QueryItem.types(TOPIC)));
      waiting = CompletableFuture.supplyAsync(
          () -> recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of()));
      awaitWaiterOn(key);
      // A save of another type goes ahead; had the waiting save reserved its ids, this one's would
      // be above that block in flight and stay hidden.
      other = recorder
          .insert(
              List.of(event(UUID.randomUUID(), 1, "test.Other", "{}".getBytes(UTF_8))), List.of())
          .get(0);
      TestDatabase.awaitVisible(recorder, other.notificationId());
      assertThat(recorder.notifications(1, 10, Set.of())).containsExactly(before.get(0), other);
      assertThat(waiting).isNotDone();
      holder.rollback();
    }
    List<StoredEvent> after = waiting.get();
    TestDatabase.awaitVisible(recorder, after.get(0).notificationId());
    assertThat(recorder.notifications(1, 10, Set.of()))
        .containsExactly(before.get(0), other, after.get(0));
  }

  /** Waits (30 s at most) until a session waits for the advisory lock {@code key}. */
  private void awaitWaiterOn(long key) throws SQLException, InterruptedException {
    try (Connection connection = db.connect();
        PreparedStatement waiters = connection.prepareStatement("SELECT count(*) FROM pg_locks"
            + " WHERE locktype = 'advisory' AND NOT granted AND objsubid = 1"
            + " AND classid = ?::bigint::oid AND objid = ?::bigint::oid")) {
      waiters.setLong(1, key >>> 32);
      waiters.setLong(2, key & 0xffffffffL);
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (true) {
        try (ResultSet row = waiters.executeQuery()) {
          row.next();
          if (row.getLong(1) > 0) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("no save waited for the boundary lock within 30 s");
        }
        Thread.sleep(10);
      }
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
