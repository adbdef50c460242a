package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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

  /** A process that starts while others save is not refused for ids stored as it looks. */
  @Test
  void startingWhileOthersSaveIsNotRefused() throws Exception {
    AtomicBoolean saving = new AtomicBoolean(true);
    CompletableFuture<Integer> saves = CompletableFuture.supplyAsync(() -> {
      int saved = 0;
      while (saving.get()) {
        recorder.insert(List.of(event(UUID.randomUUID(), 1)), List.of());
        saved++;
      }
      return saved;
    });
    try {
      for (int start = 0; start < 30; start++) {
        open(false).close();
      }
    } finally {
      saving.set(false);
    }
    assertThat(saves.get(30, TimeUnit.SECONDS)).isPositive();
  }

  @Test
  void aSequenceWithACacheIsRefusedAtStart() {
    recorder.close();
    recorder = null;
    db.execute("ALTER SEQUENCE `" + prefix + "notification_ids` CACHE 10");
    assertThatThrownBy(() -> open(false))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("cannot number notifications")
        .cause()
        .hasMessageContaining("CACHE 10")
        .hasMessageContaining("NOCACHE and INCREMENT 1");
  }

  /**
   * Two connections whose ids are equal modulo 64 have the same slot. While a transaction of the
   * first holds it, a save on the second takes a free slot and does not wait; readers still see
   * nothing above the first's id until it commits, and then both, in the order of their ids.
   */
  @Test
  void aSaveWhoseSlotAnotherTransactionHoldsTakesAFreeOne() throws Exception {
    List<Connection> opened = new ArrayList<>();
    try {
      Connection[] pair = twoOfOneSlot(opened);
      UUID one = UUID.randomUUID();
      UUID two = UUID.randomUUID();
      pair[0].setAutoCommit(false);
      recorder.insertJoined(pair[0], List.of(event(one, 1)), List.of(), List.of());
      CompletableFuture<List<StoredEvent>> second = saveAndCommitAsync(pair[1], two);
      second.get(10, TimeUnit.SECONDS); // long before the server's lock wait timeout
      assertThat(recorder.notifications(1, 100, Set.of()))
          .as("the log while the first save's transaction is open")
          .isEmpty();
      pair[0].commit();
      assertThat(recorder.notifications(1, 100, Set.of()))
          .extracting(StoredEvent::originatorId)
          .containsExactly(one, two);
    } finally {
      for (Connection connection : opened) {
        connection.close();
      }
    }
  }

  /** With every slot held, a save waits for its own slot, and is stored once it is free. */
  @Test
  void aSaveWaitsForItsSlotOnlyWhenEverySlotIsHeld() throws Exception {
    List<Connection> holders = new ArrayList<>();
    try (Connection saver = DriverManager.getConnection(db.url, db.user, db.password)) {
      long own = slot(saver);
      Connection ownHolder = null;
      for (int slot = 0; slot < SlottedIds.SLOTS; slot++) {
        Connection holder = DriverManager.getConnection(db.url, db.user, db.password);
        holders.add(holder);
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
          statement.executeUpdate(
              "UPDATE `" + prefix + "writers` SET `floor` = `floor` WHERE" + " `slot` = " + slot);
        }
        if (slot == own) {
          ownHolder = holder;
        }
      }
      UUID id = UUID.randomUUID();
      CompletableFuture<List<StoredEvent>> save = saveAndCommitAsync(saver, id);
      Thread.sleep(300);
      assertThat(save).as("the save, with every slot held").isNotDone();
      ownHolder.rollback();
      assertThat(save.get(30, TimeUnit.SECONDS))
          .extracting(StoredEvent::originatorId)
          .containsExactly(id);
    } finally {
      for (Connection holder : holders) {
        holder.close();
      }
    }
  }

  /** An application starts at once though another transaction holds every slot. */
  @Test
  void startingWhileEverySlotIsHeldDoesNotWait() throws Exception {
    try (Connection holder = DriverManager.getConnection(db.url, db.user, db.password)) {
      holder.setAutoCommit(false);
      try (Statement statement = holder.createStatement()) {
        statement
            .executeQuery("SELECT `slot` FROM `" + prefix + "writers` FOR UPDATE")
            .close();
      }
      long started = System.nanoTime();
      open(true).close();
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .as("the start, against the server's lock wait timeout of 50 s")
          .isLessThan(Duration.ofSeconds(10));
      holder.rollback();
    }
  }

  /** In another thread: version 1 of {@code id} saved in a transaction on {@code connection}. */
  private CompletableFuture<List<StoredEvent>> saveAndCommitAsync(Connection connection, UUID id)
      throws SQLException {
    connection.setAutoCommit(false);
    return CompletableFuture.supplyAsync(() -> {
      try {
        List<StoredEvent> stored =
            recorder.insertJoined(connection, List.of(event(id, 1)), List.of(), List.of());
        connection.commit();
        return stored;
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Two open connections whose ids are equal modulo 64: the first holds it, in {@code opened}. */
  private Connection[] twoOfOneSlot(List<Connection> opened) throws SQLException {
    Map<Long, Connection> bySlot = new HashMap<>();
    while (true) {
      assertThat(opened).as("connections opened to find two of one slot").hasSizeLessThan(70);
      Connection connection = DriverManager.getConnection(db.url, db.user, db.password);
      opened.add(connection);
      Connection first = bySlot.putIfAbsent(slot(connection), connection);
      if (first != null) {
        return new Connection[] {first, connection};
      }
    }
  }

  /** A save in the caller's transaction leaves the key of the caller's own last insert alone. */
  @Test
  void aSaveInYourTransactionLeavesYourLastInsertIdAlone() throws SQLException {
    String orders = "`" + prefix + "orders`";
    db.execute("CREATE TABLE " + orders + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, what TEXT)");
    try (Connection connection = DriverManager.getConnection(db.url, db.user, db.password);
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.executeUpdate("INSERT INTO " + orders + " (what) VALUES ('first'), ('second')");
      long mine = queryLong(statement, "SELECT LAST_INSERT_ID()");
      recorder.insertJoined(
          connection,
          List.of(event(UUID.randomUUID(), 1), event(UUID.randomUUID(), 1)),
          List.of(),
          List.of());
      assertThat(queryLong(statement, "SELECT LAST_INSERT_ID()")).isEqualTo(mine);
      connection.commit();
    } finally {
      db.execute("DROP TABLE " + orders);
    }
  }

  private static long queryLong(Statement statement, String sql) throws SQLException {
    try (ResultSet row = statement.executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static long slot(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT CONNECTION_ID() % 64")) {
      row.next();
      return row.getLong(1);
    }
  }
}
