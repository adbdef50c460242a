package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.Transaction;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Every application on PostgreSQL tells followers in other JVMs of its commits with a NOTIFY on its
 * channel ({@code <TABLE_PREFIX>events}), whoever wrote it: a save of its own, a save that joined
 * the caller's transaction (only once that commits, never after a rollback). Heard here on a plain
 * LISTEN connection, as another JVM's follower hears it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresCommitNoticeTest {
  private DatabaseServer server;
  private String prefix;
  private Application app;
  private Connection listening;

  @BeforeEach
  void open() throws SQLException {
    server = DatabaseServer.postgres().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_notice");
    app = Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix))
        .build();
    listening = server.connect();
    listening.setAutoCommit(true);
    try (Statement listen = listening.createStatement()) {
      listen.execute("LISTEN \"" + prefix + "events\"");
    }
  }

  @AfterEach
  void close() throws SQLException {
    if (listening != null) {
      listening.close();
    }
    if (app != null) {
      app.close();
    }
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  @Test
  void aSaveIsAnnouncedAndABurstOfSavesSharesFewNotices() throws SQLException {
    assertThat(notices(300)).as("nothing before a save").isZero();
    WorldRepository.of(app).save(World.create());
    assertThat(awaitNotice()).as("announced after the save").isTrue();
    notices(300); // a late second notice of the same save is allowed; not counted below

    for (int i = 0; i < 50; i++) {
      WorldRepository.of(app).save(World.create());
    }
    int heard = notices(2_000);
    assertThat(heard)
        .as("at least one notice for the burst, never more than one per save")
        .isBetween(1, 50);
  }

  @Test
  void aSaveInTheCallersTransactionIsAnnouncedOnlyWhenItCommits() throws SQLException {
    try (Connection connection = server.connect();
        Transaction transaction = app.transaction(connection)) {
      transaction.save(World.create());
      assertThat(notices(500)).as("nothing while the transaction is open").isZero();
      transaction.commit();
    }
    assertThat(awaitNotice()).as("announced once the transaction committed").isTrue();
    notices(300);

    try (Connection connection = server.connect();
        Transaction transaction = app.transaction(connection)) {
      transaction.save(World.create());
      transaction.rollback();
    }
    assertThat(notices(1_000)).as("nothing after a rollback").isZero();
  }

  @Test
  void anApplicationThatNeverSavesHasNoNoticeThread() {
    try (Application reader = Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix))
        .readOnly(true)
        .build()) {
      reader.log().maxId();
      assertThat(noticeThreads()).as("the writer has not saved yet either").isZero();
    }
    WorldRepository.of(app).save(World.create());
    assertThat(noticeThreads()).isEqualTo(1);
    app.close();
    app = null;
    assertThat(noticeThreads()).as("gone with its application").isZero();
  }

  private long noticeThreads() {
    String name = "recount-notify-" + prefix + "events";
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().equals(name) && thread.isAlive())
        .count();
  }

  /** Whether a notice arrives on the channel within 10 s. */
  private boolean awaitNotice() throws SQLException {
    PGConnection postgres = listening.unwrap(PGConnection.class);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() - deadline < 0) {
      PGNotification[] arrived = postgres.getNotifications(100);
      if (arrived != null && arrived.length > 0) {
        return true;
      }
    }
    return false;
  }

  /** The notices on the channel that arrive within {@code millis}. */
  private int notices(long millis) throws SQLException {
    PGConnection postgres = listening.unwrap(PGConnection.class);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    int count = 0;
    long left;
    while ((left = deadline - System.nanoTime()) > 0) {
      PGNotification[] arrived =
          postgres.getNotifications((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
      if (arrived != null) {
        for (PGNotification notification : arrived) {
          assertThat(notification.getName()).isEqualTo(prefix + "events");
          count++;
        }
      }
    }
    return count;
  }
}
