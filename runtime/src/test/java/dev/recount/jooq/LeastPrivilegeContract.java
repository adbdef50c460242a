package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.ConfigurationError;
import dev.recount.PersistenceError;
import dev.recount.StoredEvent;
import dev.recount.internal.LeaseTable;
import dev.recount.internal.Recorder;
import dev.recount.internal.SubjectKeyTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each role of docs/DATABASES.md, created with exactly the grants that page shows
 * ({@link Dialect#grants}, which DatabasesDocTest finds there), does its work and no more: the
 * writer starts with the default settings on tables a DBA created, and saves and loads; the
 * follower (READ_ONLY) reads the log and cannot insert; the auditor reads events and snapshots. The
 * users are named after the test's random table prefix and dropped afterwards.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class LeastPrivilegeContract {
  static final String PASSWORD = "Secret-1";

  TestDatabase db;
  String prefix;
  /** The owner's recorder, which created the tables (as a DBA would) and seeds them. */
  Recorder owner;

  private final List<String> users = new ArrayList<>();
  private final List<Recorder> opened = new ArrayList<>();

  abstract TestDatabase database();

  /** Creates a user (a login role) who may log in with {@link #PASSWORD} and do nothing yet. */
  abstract void createUser(String name);

  /** How grants name the user. */
  abstract String grantee(String name);

  /** Drops the user and what it was granted. */
  abstract void dropUser(String name);

  /** The URL users other than the owner connect with. */
  String userUrl() {
    return db.url;
  }

  /** Whether a user created by {@link #createUser} may create tables (it should not). */
  abstract boolean mayCreateTables(String name);

  @BeforeEach
  void open() {
    db = database().requireReachable();
    prefix = TestDatabase.newPrefix("priv");
    owner = Recorders.open(db.url, db.user, db.password, prefix, true, 2);
  }

  @AfterEach
  void close() {
    opened.forEach(Recorder::close);
    if (owner != null) {
      owner.close();
    }
    for (String user : users) {
      dropUser(user);
    }
    if (prefix != null) {
      db.drop(prefix);
    }
  }

  /** A user with the grants of {@code role}, as docs/DATABASES.md gives them. */
  String user(Dialect.Role role) {
    String name = prefix + role.name().toLowerCase(java.util.Locale.ROOT);
    createUser(name);
    users.add(name);
    db.execute(db.dialect.grants(role, prefix, grantee(name)).toArray(String[]::new));
    return name;
  }

  Recorder openAs(String user, boolean createTables, boolean readOnly) {
    Recorder recorder =
        Recorders.open(userUrl(), user, PASSWORD, prefix, createTables, 2, readOnly);
    opened.add(recorder);
    return recorder;
  }

  @Test
  void theWriterStartsWithTheDefaultSettingsAndSavesAndLoads() {
    String writer = user(Dialect.Role.WRITER);
    // CREATE_TABLES=true, the default: everything is there, so nothing needs creating.
    Recorder recorder = openAs(writer, true, false);
    UUID id = UUID.randomUUID();
    List<StoredEvent> saved = recorder.insert(
        List.of(RecorderContract.event(id, 1), RecorderContract.event(id, 2)),
        List.of(RecorderContract.snapshot(id, 2)));

    assertThat(recorder.events(id, 1, 9, false, 9)).containsExactlyElementsOf(saved);
    assertThat(recorder.replay(id, 9).snapshot()).isEqualTo(RecorderContract.snapshot(id, 2));
    TestDatabase.awaitVisible(recorder, saved.get(1).notificationId());
    assertThat(recorder.notifications(1, 10, Set.of())).containsExactlyElementsOf(saved);
    recorder.close();
    opened.remove(recorder);
    assertThat(openAs(writer, true, false).events(id, 1, 9, false, 9)).hasSize(2);
  }

  @Test
  void aWriterThatCannotCreateWhatIsMissingIsToldWhatAndWhichPrivilege() {
    String writer = user(Dialect.Role.WRITER);
    org.junit.jupiter.api.Assumptions.assumeFalse(
        mayCreateTables(writer), "every user of this server may create tables");
    db.execute("DROP TABLE " + db.table(prefix + "tracking"));

    assertThatThrownBy(() -> openAs(writer, true, false))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("could not create the missing table \"" + prefix + "tracking\" at "
            + userUrl() + " as user '" + writer + "': the user needs "
            + db.dialect.createPrivilege())
        .hasMessageContaining("docs/DATABASES.md")
        .hasMessageNotContaining("\n");
  }

  @Test
  void theFollowerReadsTheLogAndCannotInsert() throws SQLException {
    UUID id = UUID.randomUUID();
    List<StoredEvent> saved = owner.insert(
        List.of(RecorderContract.event(id, 1), RecorderContract.event(id, 2)), List.of());
    String follower = user(Dialect.Role.FOLLOWER);
    Recorder recorder = openAs(follower, true, true);

    TestDatabase.awaitVisible(recorder, saved.get(1).notificationId());
    assertThat(recorder.maxNotificationId()).isEqualTo(saved.get(1).notificationId());
    assertThat(recorder.notifications(1, 10, Set.of())).containsExactlyElementsOf(saved);
    assertThat(recorder.maxTracked("follower", "upstream")).isZero();
    assertThatThrownBy(() -> recorder.insert(List.of(RecorderContract.event(id, 3)), List.of()))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("READ_ONLY: ");
    // Nor can it behind the recorder's back: the database refuses.
    try (Connection connection = DriverManager.getConnection(userUrl(), follower, PASSWORD);
        Statement statement = connection.createStatement()) {
      assertThatThrownBy(() -> statement.executeUpdate("INSERT INTO "
              + db.table(prefix + "tracking") + " VALUES ('follower', 'upstream', 1)"))
          .isInstanceOf(SQLException.class);
    }
    assertThat(owner.maxTracked("follower", "upstream")).isZero();
  }

  @Test
  void theAuditorReadsEventsAndSnapshots() {
    UUID id = UUID.randomUUID();
    List<StoredEvent> saved = owner.insert(
        List.of(RecorderContract.event(id, 1), RecorderContract.event(id, 2)),
        List.of(RecorderContract.snapshot(id, 2)));
    String auditor = user(Dialect.Role.AUDITOR);
    Recorder recorder = openAs(auditor, true, true);

    assertThat(recorder.originatorIds(null, 10)).containsExactly(id);
    assertThat(recorder.events(id, 1, 9, false, 9)).containsExactlyElementsOf(saved);
    assertThat(recorder.snapshots(id)).containsExactly(RecorderContract.snapshot(id, 2));
    assertThatThrownBy(() -> recorder.maxTracked("a", "b")).isInstanceOf(PersistenceError.class);
  }

  /**
   * With SUBJECT_KEYS, on the table of subjects' keys a DBA created: the writer adds and forgets
   * keys with the grants docs/DATABASES.md gives ({@link Dialect#subjectKeyGrants}), the follower
   * reads them and cannot change them, and the auditor, who checks hashes only, needs none.
   */
  @Test
  void withSubjectKeysTheWriterAddsAndForgetsKeysAndTheFollowerOnlyReadsThem() {
    owner.subjectKeys(true);
    String writer = user(Dialect.Role.WRITER);
    db.execute(db.dialect
        .subjectKeyGrants(Dialect.Role.WRITER, prefix, grantee(writer))
        .toArray(String[]::new));
    String follower = user(Dialect.Role.FOLLOWER);
    db.execute(db.dialect
        .subjectKeyGrants(Dialect.Role.FOLLOWER, prefix, grantee(follower))
        .toArray(String[]::new));
    String auditor = user(Dialect.Role.AUDITOR);
    assertThat(db.dialect.subjectKeyGrants(Dialect.Role.AUDITOR, prefix, grantee(auditor)))
        .isEmpty();

    SubjectKeyTable keys = openAs(writer, true, false).subjectKeys(true);
    UUID id = UUID.randomUUID();
    SubjectKeyTable.Row row = new SubjectKeyTable.Row(id, new byte[] {1, 2, 3}, 5, 0);
    assertThat(keys.insertIfAbsent(row)).isSameAs(row);
    assertThat(keys.rows(List.of(id)).get(id).wrappedKey()).containsExactly(1, 2, 3);
    SubjectKeyTable.Row forgotten = keys.forget(id, 7);
    assertThat(forgotten.wrappedKey()).isNull();
    assertThat(forgotten.forgottenMicros()).isEqualTo(7);

    SubjectKeyTable readOnly = openAs(follower, true, true).subjectKeys(true);
    assertThat(readOnly.rows(List.of(id)).get(id).forgottenMicros()).isEqualTo(7);
    UUID other = UUID.randomUUID();
    assertThatThrownBy(() -> readOnly.insertIfAbsent(new SubjectKeyTable.Row(other, null, 1, 1)))
        .isInstanceOf(PersistenceError.class);
    assertThatThrownBy(() -> openAs(auditor, true, true).subjectKeys(true))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("subject_keys")
        .hasMessageContaining("may not be read by the user");
  }

  /**
   * On the table of leases a DBA created: the writer claims, renews, fences and releases with the
   * grants docs/DATABASES.md gives ({@link Dialect#leaseGrants}), the follower reads who holds what
   * and cannot claim, and the auditor needs none.
   */
  @Test
  void onTheLeasesTheWriterClaimsRenewsFencesAndReleasesAndTheFollowerOnlyReads()
      throws SQLException {
    owner.leases();
    String writer = user(Dialect.Role.WRITER);
    db.execute(db.dialect
        .leaseGrants(Dialect.Role.WRITER, prefix, grantee(writer))
        .toArray(String[]::new));
    String follower = user(Dialect.Role.FOLLOWER);
    db.execute(db.dialect
        .leaseGrants(Dialect.Role.FOLLOWER, prefix, grantee(follower))
        .toArray(String[]::new));
    String auditor = user(Dialect.Role.AUDITOR);
    assertThat(db.dialect.leaseGrants(Dialect.Role.AUDITOR, prefix, grantee(auditor)))
        .isEmpty();

    LeaseTable leases = openAs(writer, true, false).leases();
    long token = leases.claim("view", 0, "a", 60_000);
    assertThat(token).isPositive();
    assertThat(leases.renew("view", 0, "a", token, 60_000)).isTrue();
    try (Connection connection = DriverManager.getConnection(userUrl(), writer, PASSWORD)) {
      connection.setAutoCommit(false);
      assertThat(leases.fence(connection, "view", 0, "a", token, 60_000)).isTrue();
      connection.commit();
    }
    leases.release("view", 0, "a", token);

    LeaseTable readOnly = openAs(follower, true, true).leases();
    assertThat(readOnly.rows("view")).extracting(LeaseTable.Row::live).containsExactly(false);
    assertThatThrownBy(() -> readOnly.claim("view", 0, "b", 60_000))
        .isInstanceOf(PersistenceError.class);
  }

  /**
   * Without READ_ONLY, a user who may not write is refused: at start where writers lock a row (H2's
   * lock row, MariaDB's slots), at its first save on PostgreSQL, which locks none; nothing is
   * written.
   */
  @Test
  void aReaderOpenedAsAWriterIsRefused() {
    String follower = user(Dialect.Role.FOLLOWER);
    if (db.dialect.ordering != Dialect.Ordering.IN_FLIGHT_BLOCKS) {
      assertThatThrownBy(() -> openAs(follower, true, false))
          .isInstanceOf(PersistenceError.class)
          .hasMessageContaining("READ_ONLY=true");
      return;
    }
    Recorder recorder = openAs(follower, true, false);
    UUID id = UUID.randomUUID();
    assertThatThrownBy(() -> recorder.insert(List.of(RecorderContract.event(id, 1)), List.of()))
        .isInstanceOf(PersistenceError.class)
        .hasMessageNotContaining("\n");
    assertThat(owner.events(id, 1, 9, false, 9)).isEmpty();
  }
}
