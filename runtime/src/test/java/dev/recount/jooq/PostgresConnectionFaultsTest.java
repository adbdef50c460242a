package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.CommitOutcomeUnknown;
import dev.recount.StoredEvent;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Connection faults on PostgreSQL: {@code pg_terminate_backend} on the recorder's connections,
 * which name themselves after the test's table prefix ({@code ApplicationName}).
 */
class PostgresConnectionFaultsTest extends ConnectionFaultsContract {
  @Override
  TestDatabase database(String prefix) {
    return TestDatabase.postgres().requireReachable().withApplicationName(prefix);
  }

  @Override
  void slowDownInsertsOf(String topic) {
    db.execute(
        "CREATE FUNCTION \"" + prefix + "sleep\"() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$",
        "CREATE TRIGGER \"" + prefix + "slow_insert\" AFTER INSERT ON \"" + prefix + "events\""
            + " FOR EACH ROW WHEN (NEW.topic = '" + topic + "')"
            + " EXECUTE FUNCTION \"" + prefix + "sleep\"()");
  }

  @Override
  long killSlowSave() {
    return db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE application_name = '" + prefix + "' AND wait_event = 'PgSleep'");
  }

  @Override
  long killAll() {
    return db.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
        + " WHERE application_name = '" + prefix + "' AND pid <> pg_backend_pid()");
  }

  /**
   * Killed while committing, the client cannot know whether the commit happened, and says so; the
   * server rolled it back, as a whole.
   */
  @Test
  void aSaveKilledWhileCommittingSaysItsOutcomeIsUnknownAndIsAllOrNothing() throws Exception {
    UUID a = UUID.randomUUID();
    UUID b = UUID.randomUUID();
    List<StoredEvent> before = recorder.insert(List.of(RecorderContract.event(a, 1)), List.of());
    long max = TestDatabase.awaitVisible(recorder, before.get(0).notificationId());
    db.execute(
        "CREATE FUNCTION \"" + prefix + "sleep\"() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN PERFORM pg_sleep(30); RETURN NULL; END $$",
        "CREATE CONSTRAINT TRIGGER \"" + prefix + "slow_commit\" AFTER INSERT ON \"" + prefix
            + "events\" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.topic = '"
            + SLOW + "') EXECUTE FUNCTION \"" + prefix + "sleep\"()");

    CompletableFuture<List<StoredEvent>> save = CompletableFuture.supplyAsync(() -> recorder.insert(
        List.of(
            RecorderContract.event(a, 2),
            RecorderContract.event(b, 1, SLOW, new byte[] {1}),
            RecorderContract.event(b, 2)),
        List.of(RecorderContract.snapshot(a, 2))));
    awaitKill(this::killSlowSave);

    assertThatThrownBy(() -> save.get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(CommitOutcomeUnknown.class)
        .hasMessageContaining("failed while committing")
        .hasMessageContaining("ask Application.isStored(error)")
        .extracting(e -> ((CommitOutcomeUnknown) e).firstNewVersions())
        .isEqualTo(Map.of(a, 2L, b, 1L));
    assertNothingOfTheSaveStored(a, b, before, max);
    assertThat(recorder.insert(List.of(RecorderContract.event(b, 1)), List.of()))
        .hasSize(1);
  }
}
