package dev.recount.examples.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.AuditOptions;
import dev.recount.CipherKeys;
import dev.recount.DataIntegrityError;
import dev.recount.Metadata;
import dev.recount.PersistenceError;
import dev.recount.RecordedEvent;
import dev.recount.StoredEvent;
import dev.recount.Transaction;
import dev.recount.dcb.DcbStore;
import dev.recount.examples.dcb.courses.CourseDefined;
import dev.recount.examples.dcb.courses.CourseId;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import dev.recount.process.ProcessApplication;
import dev.recount.testing.DatabaseServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Event metadata on a real database: stored in its own column, read back on loads' records, the log
 * and process applications' events, encrypted and hashed with the event, and absent (null) for old
 * rows and for events saved without any. Subclasses only name the database.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
@SuppressWarnings("try") // scopes are only opened and closed
abstract class MetadataContract {
  private static final Metadata REQUEST = Metadata.empty()
      .withCorrelationId("request-7")
      .withPrincipal("alice")
      .withTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
      .withEntry("ip", "192.0.2.1");

  DatabaseServer server;
  String prefix;
  private final List<Application> applications = new ArrayList<>();

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_meta");
  }

  @AfterEach
  void close() {
    applications.forEach(Application::close);
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  private Application open(Application.Builder builder) {
    Application app =
        builder.environment(ApplicationEnvironment.of(server, prefix)).build();
    applications.add(app);
    return app;
  }

  private static World saveWorld(Application app, String... whats) {
    World world = World.create();
    for (String what : whats) {
      world.makeItSo(what);
    }
    WorldRepository.of(app).save(world);
    return world;
  }

  @Test
  void eachEventOfASaveCarriesTheScopesMetadataAndOneSavedOutsideAnyScopeHasNone() {
    Application app = open(Application.builder());
    World tagged;
    try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
      try (Metadata.Scope inner = Metadata.scope(Metadata.empty().withEntry("step", "2"))) {
        tagged = saveWorld(app, "dinosaurs");
      }
      assertThat(Metadata.current()).isEqualTo(REQUEST);
    }
    assertThat(Metadata.current().isEmpty()).isTrue();
    World plain = saveWorld(app, "trucks");

    Metadata expected = REQUEST.withEntry("step", "2");
    assertThat(app.events(tagged.id()))
        .extracting(RecordedEvent::metadata)
        .containsExactly(expected, expected);
    assertThat(app.events(plain.id())).extracting(RecordedEvent::metadata).containsOnlyNulls();
    assertThat(app.storedEvents(plain.id())).extracting(StoredEvent::metadata).containsOnlyNulls();
    assertThat(app.log().select(1, 10))
        .extracting(Notification::metadata)
        .containsExactly(expected, expected, null, null);
    assertThat(WorldRepository.of(app).get(tagged.id()).history()).containsExactly("dinosaurs");
    assertThat(app.audit().events()).isEqualTo(4);
  }

  @Test
  void metadataIsEncryptedWithTheStateAndCoveredByTheIntegrityTag() {
    Application app = open(
        Application.builder().cipherKey(CipherKeys.generate()).integrityKey(CipherKeys.generate()));
    World world;
    try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
      world = saveWorld(app, "dinosaurs");
    }
    StoredEvent stored = app.storedEvents(world.id()).get(0);
    assertThat(stored.metadata()[0] & 0x80).as("the encrypted bit").isNotZero();
    String bytes = new String(stored.metadata(), StandardCharsets.ISO_8859_1);
    assertThat(bytes).doesNotContain("alice").doesNotContain("request-7");
    assertThat(app.events(world.id()).get(1).metadata()).isEqualTo(REQUEST);
    assertThat(app.log().select(1, 10)).extracting(Notification::metadata).containsOnly(REQUEST);

    // Someone without the keys replaces the metadata with another event's and recomputes the
    // hash (whose layout is public): the hash matches, the tag does not.
    StoredEvent other = app.storedEvents(world.id()).get(1);
    byte[] forgedHash = hash(stored, other.metadata());
    update(
        "UPDATE " + server.quote(prefix + "events") + " SET " + server.quote("metadata") + " = ?, "
            + server.quote("hash") + " = ? WHERE " + server.quote("notification_id") + " = ?",
        other.metadata(),
        forgedHash,
        stored.notificationId());
    assertThatThrownBy(() -> WorldRepository.of(app).get(world.id()))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("integrity tag");
  }

  @Test
  void metadataMovedFromAnotherEventWithItsHashRecomputedDoesNotDecryptThere() {
    Application app = open(Application.builder().cipherKey(CipherKeys.generate()));
    World world;
    World other;
    try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
      world = saveWorld(app);
      other = saveWorld(app);
    }
    StoredEvent first = app.storedEvents(world.id()).get(0);
    byte[] second = app.storedEvents(other.id()).get(0).metadata();
    update(
        "UPDATE " + server.quote(prefix + "events") + " SET " + server.quote("metadata") + " = ?, "
            + server.quote("hash") + " = ? WHERE " + server.quote("notification_id") + " = ?",
        second,
        hash(first, second),
        first.notificationId());
    // Its hash matches again, but the encryption bound the metadata to its own event.
    assertThatThrownBy(() -> app.log().select(1, 10))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 1")
        .hasMessageContaining("metadata");
    assertThatThrownBy(app::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("metadata");
    // An audit that decodes nothing sees intact records: it checks hashes and chains only.
    app.audit(AuditOptions.defaults().recordsOnly());
  }

  @Test
  void aChangedMetadataByteIsFoundByLoadsAndTheAudit() {
    Application app = open(Application.builder());
    World world;
    try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
      world = saveWorld(app, "dinosaurs", "trucks");
    }
    StoredEvent second = app.storedEvents(world.id()).get(1);
    byte[] changed = second.metadata().clone();
    changed[changed.length - 3] ^= 1;
    update(
        "UPDATE " + server.quote(prefix + "events") + " SET " + server.quote("metadata")
            + " = ? WHERE " + server.quote("notification_id") + " = ?",
        changed,
        second.notificationId());

    assertThatThrownBy(() -> WorldRepository.of(app).get(world.id()))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 2")
        .hasMessageContaining("does not match its hash");
    assertThatThrownBy(app::audit)
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining(world.id().toString());
    assertThatThrownBy(() -> app.audit(AuditOptions.defaults().recordsOnly()))
        .isInstanceOfSatisfying(
            DataIntegrityError.class, e -> assertThat(e.version()).isEqualTo(2));
  }

  @Test
  void aStoreFromBeforeMetadataGetsTheColumnAndItsEventsStayReadableAndIntact() {
    String key = CipherKeys.generate();
    Application old = open(Application.builder().cipherKey(key));
    World world = saveWorld(old, "dinosaurs");
    String head = world.head();
    old.close();
    applications.remove(old);
    String events = server.quote(prefix + "events");
    server.execute("ALTER TABLE " + events + " DROP COLUMN " + server.quote("metadata"));

    // Without CREATE_TABLES, the error names the column and the statement that adds it.
    assertThatThrownBy(() -> open(Application.builder().createTables(false)))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining("no column \"metadata\"")
        .hasMessageContaining("ALTER TABLE " + events + " ADD COLUMN IF NOT EXISTS");

    Application app = open(Application.builder().cipherKey(key));
    assertThat(app.storedEvents(world.id())).extracting(StoredEvent::metadata).containsOnlyNulls();
    assertThat(app.audit().events()).isEqualTo(2);
    app.verify(world.id(), head);
    try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
      saveWorld(app, "trucks");
    }
    assertThat(app.log().select(1, 10))
        .extracting(Notification::metadata)
        .containsExactly(null, null, REQUEST, REQUEST);
  }

  @Test
  void aProcessApplicationsEventsAreCausedByTheUpstreamNotificationInItsCorrelation() {
    Application upstream = open(Application.builder());
    World asked;
    try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
      asked = saveWorld(upstream, "dinosaurs");
    }
    World unasked = saveWorld(upstream, "trucks");
    Application own = Application.builder().build();
    applications.add(own);
    ProcessApplication echoes = ProcessApplication.builder("echoes", own)
        .follow("worlds", upstream.log())
        .policy((notification, unit) -> {
          if (notification.event() instanceof World.SomethingHappened happened) {
            World echo = World.create();
            echo.makeItSo("echo of " + happened.what());
            unit.save(echo);
          }
        })
        .build();
    assertThat(echoes.pull()).isEqualTo(4);

    List<Notification> echoed = own.log().select(1, 10);
    assertThat(echoed).hasSize(4);
    // The echo of notification 2 (in the request): its correlation, principal and trace.
    assertThat(echoed.get(0).metadata())
        .isEqualTo(new Metadata(
            "request-7", "worlds:2", "alice", "4bf92f3577b34da6a3ce929d0e0e4736", Map.of()));
    assertThat(echoed.get(1).metadata()).isEqualTo(echoed.get(0).metadata());
    // The echo of notification 4, saved with no metadata: it is its own correlation's root.
    assertThat(echoed.get(2).metadata())
        .isEqualTo(new Metadata("worlds:4", "worlds:4", null, null, Map.of()));
    assertThat(upstream.log().select(4, 1).get(0).originatorId()).isEqualTo(unasked.id());
    assertThat(upstream.log().select(2, 1).get(0).originatorId()).isEqualTo(asked.id());
    assertThat(Metadata.current().isEmpty()).as("no scope left open").isTrue();
  }

  @Test
  void metadataOverTheLimitIsRefusedBeforeAnythingIsWritten() {
    Application app = open(Application.builder());
    String long513 = "x".repeat(Metadata.MAX_VALUE_LENGTH + 1);
    assertThatThrownBy(() -> Metadata.empty().withEntry("note", long513))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata entry 'note' is 513 characters long, more than"
            + " Metadata.MAX_VALUE_LENGTH (512)");

    Metadata half = Metadata.empty();
    Metadata otherHalf = Metadata.empty();
    for (int i = 0; i < 8; i++) {
      half = half.withEntry("a" + i, "y".repeat(300));
      otherHalf = otherHalf.withEntry("b" + i, "z".repeat(300));
    }
    World world = World.create();
    try (Metadata.Scope outer = Metadata.scope(half)) {
      Metadata more = otherHalf;
      assertThatThrownBy(() -> {
            try (Metadata.Scope inner = Metadata.scope(more)) {
              WorldRepository.of(app).save(world);
            }
          })
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("more than Metadata.MAX_BYTES (4096)");
      assertThat(Metadata.current()).isEqualTo(half);
    }
    assertThat(WorldRepository.of(app).contains(world.id())).isFalse();
    assertThat(app.log().select(1, 10)).isEmpty();
  }

  @Test
  void appendsAndSavesInTheCallersTransactionCarryMetadataToo() throws Exception {
    Application app = open(Application.builder());
    DcbStore dcb = DcbStore.of(app);
    World world = World.create();
    try (Metadata.Scope scope = Metadata.scope(REQUEST)) {
      dcb.append(List.of(new CourseDefined(new CourseId("maths"), 3)), null);
      try (Connection connection = server.connect();
          Transaction transaction = app.transaction(connection)) {
        transaction.save(world);
        transaction.commit();
      }
    }
    List<Notification> log = app.log().select(1, 10);
    assertThat(log).extracting(Notification::metadata).containsExactly(REQUEST, REQUEST);
    assertThat(log.get(1).originatorId()).isEqualTo(world.id());
    assertThat(app.audit().events()).isEqualTo(2);
  }

  /** The event's hash as docs/INTEGRITY.md lays it out, with {@code metadata} in its place. */
  private static byte[] hash(StoredEvent e, byte[] metadata) {
    try {
      byte[] topic = e.topic().getBytes(StandardCharsets.UTF_8);
      byte[] previous = e.previousHash() == null ? new byte[32] : e.previousHash();
      ByteBuffer fields = ByteBuffer.allocate(1 + 32 + 7 * 8 + topic.length);
      fields
          .put((byte) 'E')
          .put(previous)
          .putLong(e.originatorId().getMostSignificantBits())
          .putLong(e.originatorId().getLeastSignificantBits())
          .putLong(e.originatorVersion())
          .putLong(topic.length)
          .put(topic)
          .putLong(e.timestampMicros())
          .putLong(0)
          .putLong(e.state().length);
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(fields.array());
      sha.update(e.state());
      sha.update(ByteBuffer.allocate(8).putLong(metadata.length).array());
      sha.update(metadata);
      byte[] hash = sha.digest();
      assertThat(Arrays.equals(hash, e.hash())).isFalse();
      return hash;
    } catch (java.security.NoSuchAlgorithmException ex) {
      throw new IllegalStateException(ex);
    }
  }

  private void update(String sql, Object... values) {
    try (Connection connection = server.connect();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      for (int i = 0; i < values.length; i++) {
        statement.setObject(i + 1, values[i]);
      }
      assertThat(statement.executeUpdate()).isEqualTo(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
