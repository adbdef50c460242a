package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.CommitOutcomeUnknown;
import dev.recount.PersistenceError;
import dev.recount.testing.DatabaseServer;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Backends terminated while they commit ({@code pg_terminate_backend} from a second connection, at
 * random moments, while a deferred trigger holds each commit open for a few milliseconds): the
 * client cannot know whether the commit happened, says so with a {@link CommitOutcomeUnknown}, and
 * {@link Application#isStored} then agrees, every time, with what the table holds.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostgresCommitOutcomeTest {
  private DatabaseServer server;
  private String prefix;
  private Application app;

  @BeforeEach
  void open() {
    prefix = DatabaseServer.newPrefix("rt_commit");
    server = DatabaseServer.postgres().requireReachable().withApplicationName(prefix);
    app = Application.builder()
        .dbUri(server.url())
        .dbUser(server.user())
        .dbPassword(server.password())
        .tablePrefix(prefix)
        .poolSize(3)
        .build();
    server.execute(
        "CREATE FUNCTION \"" + prefix + "pause\"() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN PERFORM pg_sleep(0.005 + random() * 0.01); RETURN NULL; END $$",
        "CREATE CONSTRAINT TRIGGER \"" + prefix + "slow_commit\" AFTER INSERT ON \"" + prefix
            + "events\" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
            + " EXECUTE FUNCTION \"" + prefix + "pause\"()");
  }

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
    if (server != null) {
      server.drop(prefix);
    }
  }

  @Test
  void isStoredTellsWhetherASaveKilledWhileCommittingIsStored() throws Exception {
    AtomicBoolean saving = new AtomicBoolean(true);
    // Kills whatever of the application's connections is committing, now and then.
    CompletableFuture<Void> killer = CompletableFuture.runAsync(() -> {
      while (saving.get()) {
        server.queryLong("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
            + " WHERE application_name = '" + prefix + "' AND state = 'active'"
            + " AND query = 'COMMIT'");
        sleep(ThreadLocalRandom.current().nextInt(1, 60));
      }
    });
    int[] outcomes = new int[Outcome.values().length];
    try {
      for (int i = 0;
          i < 150
              && (outcomes[Outcome.UNKNOWN_NOT_STORED.ordinal()]
                          + outcomes[Outcome.UNKNOWN_STORED.ordinal()]
                      < 40
                  || i < 60);
          i++) {
        Counter a = Counter.create();
        a.add(i);
        Counter b = Counter.create();
        Outcome outcome = save(a, b);
        outcomes[outcome.ordinal()]++;
        // Not stored: the aggregates still hold their events, so saving again stores them.
        for (int retry = 0; retry < 50 && !outcome.stored; retry++) {
          outcome = save(a, b);
        }
        assertThat(outcome.stored).as("stored after retries").isTrue();
      }
    } finally {
      saving.set(false);
      killer.get(10, TimeUnit.SECONDS);
    }
    System.out.printf("PostgresCommitOutcomeTest: %s%n", java.util.Arrays.toString(outcomes));
    assertThat(outcomes[Outcome.UNKNOWN_NOT_STORED.ordinal()]
            + outcomes[Outcome.UNKNOWN_STORED.ordinal()])
        .as("saves killed while committing")
        .isPositive();
  }

  private enum Outcome {
    SAVED(true),
    UNKNOWN_STORED(true),
    UNKNOWN_NOT_STORED(false),
    FAILED(false);

    final boolean stored;

    Outcome(boolean stored) {
      this.stored = stored;
    }
  }

  /** Saves a (two events) and b (one), and checks what is stored against what the save said. */
  private Outcome save(Counter a, Counter b) {
    try {
      app.save(a, b);
      assertThat(rows(a.id()) + rows(b.id())).isEqualTo(3);
      return Outcome.SAVED;
    } catch (CommitOutcomeUnknown e) {
      assertThat(e.firstNewVersions()).containsEntry(a.id(), 1L).containsEntry(b.id(), 1L);
      assertThat(e.getMessage()).doesNotContain("\n");
      boolean stored = app.isStored(e);
      // All or nothing, and isStored says which.
      assertThat(rows(a.id()) + rows(b.id())).isEqualTo(stored ? 3 : 0);
      return stored ? Outcome.UNKNOWN_STORED : Outcome.UNKNOWN_NOT_STORED;
    } catch (PersistenceError e) {
      // Killed before its commit (a connection killed while idle in the pool): nothing stored.
      assertThat(rows(a.id()) + rows(b.id())).isZero();
      return Outcome.FAILED;
    }
  }

  private long rows(UUID id) {
    return server.queryLong(
        "SELECT count(*) FROM \"" + prefix + "events\"" + " WHERE originator_id = '" + id + "'");
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
