package dev.recount.examples.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.PersistenceError;
import dev.recount.Transaction;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.testing.DatabaseServer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Saves that join the caller's transaction, through the service's own pool: the service's rows and
 * the aggregates commit or roll back together, subscribers hear only of commits, and followers of
 * the log never skip an event saved that way. Subclasses name the database.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class CallerTransactionContract {
  private DatabaseServer server;
  private String prefix;
  private HikariDataSource pool;
  private Application app;
  private WorldRepository worlds;
  private final List<Notification> heard = Collections.synchronizedList(new ArrayList<>());

  abstract DatabaseServer server();

  /** Whether saves join a transaction at REPEATABLE READ (on H2 they are refused). */
  boolean savesAtRepeatableRead() {
    return true;
  }

  /**
   * Whether another save goes on while a transaction of the caller's holds a save (PostgreSQL,
   * MariaDB), or waits for it to end (H2, where the save holds the writers' lock).
   */
  boolean otherSavesGoOn() {
    return true;
  }

  /**
   * Whether the saves of two connections take one of the database's writers' slots, and so wait for
   * each other (MariaDB: the same connection id modulo 64); never elsewhere.
   */
  boolean shareASlot(Connection one, Connection other) throws SQLException {
    return false;
  }

  @BeforeEach
  void open() throws SQLException {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_join");
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(server.url());
    config.setUsername(server.user());
    config.setPassword(server.password());
    config.setMaximumPoolSize(8);
    config.setPoolName("service");
    pool = new HikariDataSource(config);
    app = Application.builder().tablePrefix(prefix).dataSource(pool).build();
    app.subscribe(heard::add);
    worlds = WorldRepository.of(app);
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE " + orders() + " (id INTEGER PRIMARY KEY, what VARCHAR(50))");
    }
  }

  @AfterEach
  void close() {
    if (app != null) {
      app.close();
    }
    if (pool != null) {
      pool.close();
    }
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  private String orders() {
    return prefix + "orders";
  }

  private void insertOrder(Connection connection, int id, String what) throws SQLException {
    try (PreparedStatement insert =
        connection.prepareStatement("INSERT INTO " + orders() + " (id, what) VALUES (?, ?)")) {
      insert.setInt(1, id);
      insert.setString(2, what);
      insert.executeUpdate();
    }
  }

  private List<String> storedOrders() throws SQLException {
    List<String> found = new ArrayList<>();
    try (Connection connection = pool.getConnection();
        Statement select = connection.createStatement();
        ResultSet rows = select.executeQuery("SELECT what FROM " + orders() + " ORDER BY id")) {
      while (rows.next()) {
        found.add(rows.getString(1));
      }
    }
    return found;
  }

  @Test
  void theServicesRowAndTheSaveCommitTogether() throws SQLException {
    World world = World.create();
    world.makeItSo("dinosaurs");
    try (Connection connection = pool.getConnection();
        Transaction transaction = app.transaction(connection)) {
      insertOrder(connection, 1, "first order");
      List<Notification> saved = transaction.save(world);
      assertThat(saved).extracting(Notification::originatorVersion).containsExactly(1L, 2L);
      assertThat(heard).as("subscribers hear nothing before the commit").isEmpty();
      assertThat(world.pendingEvents()).as("pending until the commit").hasSize(2);
      transaction.commit();
      assertThat(connection.getAutoCommit()).isTrue();
    }
    assertThat(world.pendingEvents()).isEmpty();
    assertThat(heard)
        .extracting(Notification::originatorId)
        .containsOnly(world.id())
        .hasSize(2);
    assertThat(storedOrders()).containsExactly("first order");
    assertThat(worlds.get(world.id()).history()).containsExactly("dinosaurs");
  }

  @Test
  void aRollbackUndoesBothAndTheAggregateCanBeSavedAgain() throws SQLException {
    World world = World.create();
    world.makeItSo("dinosaurs");
    try (Connection connection = pool.getConnection();
        Transaction transaction = app.transaction(connection)) {
      insertOrder(connection, 1, "an order");
      transaction.save(world);
      // closed without commit: rolled back
    }
    assertThat(storedOrders()).isEmpty();
    assertThat(worlds.contains(world.id())).isFalse();
    assertThat(heard).as("never after a rollback").isEmpty();
    assertThat(world.pendingEvents()).hasSize(2);

    worlds.save(world);
    assertThat(worlds.get(world.id()).history()).containsExactly("dinosaurs");
  }

  @Test
  void aConcurrencyErrorLeavesTheTransactionToBeRolledBack() throws SQLException {
    World world = World.create();
    worlds.save(world);
    World stale = worlds.get(world.id());
    world.makeItSo("first");
    worlds.save(world);
    stale.makeItSo("second");
    try (Connection connection = pool.getConnection();
        Transaction transaction = app.transaction(connection)) {
      insertOrder(connection, 1, "an order for the stale world");
      assertThatThrownBy(() -> transaction.save(stale)).isInstanceOf(ConcurrencyError.class);
      assertThatThrownBy(transaction::commit)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("cannot commit it: a save in this transaction failed, so it must be rolled"
              + " back");
    }
    assertThat(storedOrders()).isEmpty();
    assertThat(worlds.get(world.id()).history()).containsExactly("first");
    heard.clear();
    // The writers' lock (H2, MariaDB) and the block of ids (PostgreSQL) went with the rollback.
    World next = World.create();
    worlds.save(next);
    assertThat(heard).hasSize(1);
  }

  @Test
  void anAggregateSavedTwiceInOneTransactionKeepsWhatCameAfterItsLastSave() throws SQLException {
    World world = World.create();
    try (Connection connection = pool.getConnection();
        Transaction transaction = app.transaction(connection)) {
      world.makeItSo("one");
      transaction.save(world);
      world.makeItSo("two");
      transaction.save(world);
      world.makeItSo("three, not saved yet");
      transaction.commit();
      assertThatThrownBy(() -> transaction.save(world))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("cannot save in it: the transaction has committed");
    }
    assertThat(world.pendingEvents()).hasSize(1);
    assertThat(worlds.get(world.id()).history()).containsExactly("one", "two");
    worlds.save(world);
    assertThat(worlds.get(world.id()).history())
        .containsExactly("one", "two", "three, not saved yet");
  }

  @Test
  void aDataSourceWithoutTheTablesIsAClearErrorWhenTheyAreNotCreated() throws SQLException {
    String none = DatabaseServer.newPrefix("ex_none");
    assertThatThrownBy(() -> Application.builder()
            .tablePrefix(none)
            .createTables(false)
            .dataSource(pool)
            .build())
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("missing")
        .hasMessageContaining(none + "events")
        .hasMessageContaining("CREATE_TABLES=true");
    try (Connection connection = pool.getConnection();
        ResultSet tables = connection.getMetaData().getTables(null, null, "%", null)) {
      while (tables.next()) {
        assertThat(tables.getString("TABLE_NAME").toLowerCase(Locale.ROOT))
            .as("nothing created")
            .doesNotStartWith(none);
      }
    }
  }

  @Test
  void aSaveInATransactionThatWasRolledBackIsRefused() throws SQLException {
    try (Connection connection = pool.getConnection();
        Transaction transaction = app.transaction(connection)) {
      transaction.rollback();
      assertThatThrownBy(() -> transaction.save(World.create()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("cannot save in it: the transaction has been rolled back");
    }
  }

  /**
   * A transaction at REPEATABLE READ that read the events table before another save committed: its
   * snapshot misses that save, yet its own save takes the ids after it (a locking read), never an
   * id already taken. H2 reads from the snapshot even then, so there such a save is refused, before
   * it writes, with the reason.
   */
  @Test
  void aSaveAtRepeatableReadTakesTheIdsAfterSavesCommittedSinceItsSnapshot() throws SQLException {
    World before = World.create();
    before.makeItSo("before");
    worlds.save(before);
    World meanwhile = World.create();
    meanwhile.makeItSo("meanwhile");
    World joined = World.create();
    joined.makeItSo("joined");
    try (Connection connection = pool.getConnection()) {
      connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Transaction transaction = app.transaction(connection)) {
        String quote = connection.getMetaData().getIdentifierQuoteString();
        try (Statement select = connection.createStatement();
            ResultSet rows =
                select.executeQuery("SELECT COUNT(*) FROM " + quote + prefix + "events" + quote)) {
          rows.next();
          assertThat(rows.getLong(1)).isEqualTo(2); // the snapshot: "before"'s two events
        }
        worlds.save(meanwhile); // on another connection, committed
        if (!savesAtRepeatableRead()) {
          assertThatThrownBy(() -> transaction.save(joined))
              .isInstanceOf(PersistenceError.class)
              .hasMessageContaining("need READ COMMITTED")
              .hasMessageContaining("at REPEATABLE READ")
              .hasMessageContaining("must be rolled back");
          return;
        }
        transaction.save(joined);
        transaction.commit();
      }
    }
    assertThat(app.log().select(1, 10))
        .extracting(Notification::originatorId)
        .containsExactly(
            before.id(), before.id(), meanwhile.id(), meanwhile.id(), joined.id(), joined.id());
  }

  /**
   * A transaction of the caller's holds a save; another save, in a second transaction, commits
   * meanwhile with later ids. Followers see neither until the first commits, and then both, in id
   * order. On H2 the second save waits for the first transaction instead.
   */
  @Test
  void whileATransactionOfYoursHoldsASaveFollowersSeeNothingAboveIt() throws Exception {
    World held = World.create();
    held.makeItSo("held");
    World meanwhile = World.create();
    meanwhile.makeItSo("meanwhile");
    long before = app.log().maxId();
    List<Connection> borrowed = new ArrayList<>();
    try {
      Connection first = pool.getConnection();
      borrowed.add(first);
      Connection second = pool.getConnection();
      borrowed.add(second);
      while (shareASlot(first, second)) {
        second = pool.getConnection();
        borrowed.add(second);
      }
      Connection other = second;
      try (Transaction holding = app.transaction(first)) {
        holding.save(held);
        CompletableFuture<Void> saving = CompletableFuture.runAsync(() -> {
          try (Transaction transaction = app.transaction(other)) {
            transaction.save(meanwhile);
            transaction.commit();
          }
        });
        if (otherSavesGoOn()) {
          saving.get(30, TimeUnit.SECONDS);
          assertThat(app.log().select(before + 1, 10))
              .as("the log above the held save")
              .isEmpty();
          assertThat(app.log().maxId()).isEqualTo(before);
        } else {
          Thread.sleep(300);
          assertThat(saving).as("the other save, waiting for the writers' lock").isNotDone();
        }
        holding.commit();
        saving.get(30, TimeUnit.SECONDS);
      }
    } finally {
      for (Connection connection : borrowed) {
        connection.close();
      }
    }
    assertThat(app.log().select(before + 1, 10))
        .extracting(Notification::originatorId)
        .containsExactly(held.id(), held.id(), meanwhile.id(), meanwhile.id());
  }

  /**
   * Writers save inside transactions that have written rows of their own first, half of them rolled
   * back, beside plain saves; a follower reading after its last id meanwhile must see exactly the
   * committed events, each once, in order.
   */
  @Test
  void aFollowerNeverSkipsEventsSavedInCallersTransactions() throws Exception {
    AtomicBoolean writing = new AtomicBoolean(true);
    List<Long> followed = new ArrayList<>();
    CompletableFuture<Void> follower = CompletableFuture.runAsync(() -> {
      long last = 0;
      while (true) {
        boolean done = !writing.get();
        List<Notification> page = app.log().select(last + 1, 50);
        for (Notification notification : page) {
          followed.add(notification.id());
          last = notification.id();
        }
        if (done && page.isEmpty()) {
          return;
        }
      }
    });
    List<CompletableFuture<Void>> writers = new ArrayList<>();
    for (int writer = 0; writer < 4; writer++) {
      int number = writer;
      writers.add(CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 20; i++) {
          World world = World.create();
          world.makeItSo("writer " + number + " world " + i);
          if (number % 2 == 0) {
            worlds.save(world);
            continue;
          }
          try (Connection connection = pool.getConnection();
              Transaction transaction = app.transaction(connection)) {
            insertOrder(connection, number * 1000 + i, "order " + i);
            transaction.save(world);
            if (i % 2 == 0) {
              transaction.commit();
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        }
      }));
    }
    try {
      CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);
    } finally {
      writing.set(false);
    }
    follower.get(30, TimeUnit.SECONDS);
    List<Long> stored = new ArrayList<>();
    app.log().select(1, 1000).forEach(notification -> stored.add(notification.id()));
    assertThat(stored).hasSize(2 * 20 * 2 + 2 * 10 * 2).isSorted();
    assertThat(followed).isEqualTo(stored);
    assertThat(storedOrders()).hasSize(2 * 10);
  }
}
