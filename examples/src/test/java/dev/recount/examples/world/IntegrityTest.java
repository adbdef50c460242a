package dev.recount.examples.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeyError;
import dev.recount.CipherKeys;
import dev.recount.ConfigurationError;
import dev.recount.DataIntegrityError;
import dev.recount.StoredEvent;
import dev.recount.examples.testing.H2Database;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tampering with stored rows through plain SQL is detected and named; keys are checked. */
class IntegrityTest {
  private static final String EVENTS = "\"recount_events\"";

  private H2Database database;
  private Application app;
  private WorldRepository worlds;
  private UUID id;

  @BeforeEach
  void storeAWorldWithFourEvents() {
    database = new H2Database();
    app = database.application().build();
    worlds = WorldRepository.of(app);
    World world = World.create();
    world.makeItSo("dinosaurs");
    world.makeItSo("trucks");
    world.makeItSo("internet");
    worlds.save(world);
    id = world.id();
  }

  @AfterEach
  void close() {
    app.close();
    database.close();
  }

  @Test
  void anIntactHistoryLoads() {
    assertThat(worlds.get(id).history()).containsExactly("dinosaurs", "trucks", "internet");
  }

  @Test
  void aFlippedByteOfStateIsNamed() {
    byte[] state = app.storedEvents(id).get(2).state();
    state[state.length - 2] ^= 0x01;
    database.update(
        "UPDATE " + EVENTS + " SET \"state\" = ? WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 3",
        state,
        id);

    assertCorrupt(3, "does not match its hash");
  }

  @Test
  void aDeletedMiddleEventIsNamed() {
    database.update(
        "DELETE FROM " + EVENTS + " WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 2",
        id);

    assertCorrupt(2, "version 2 is missing");
  }

  @Test
  void swappedStatesOfTwoEventsAreNamed() {
    List<StoredEvent> stored = app.storedEvents(id);
    database.update(
        "UPDATE " + EVENTS + " SET \"state\" = ? WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 2",
        stored.get(2).state(),
        id);
    database.update(
        "UPDATE " + EVENTS + " SET \"state\" = ? WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 3",
        stored.get(1).state(),
        id);

    assertCorrupt(2, "does not match its hash");
  }

  @Test
  void aChangedVersionNumberIsNamed() {
    database.update(
        "UPDATE " + EVENTS + " SET \"originator_version\" = 9 WHERE"
            + " \"originator_id\" = ? AND \"originator_version\" = 4",
        id);

    assertCorrupt(4, "version 4 is missing");
    assertThatCode(() -> worlds.get(id, 3)).doesNotThrowAnyException();
  }

  @Test
  void aRenumberedLastEventIsNamedByItsHash() {
    database.update(
        "DELETE FROM " + EVENTS + " WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 3",
        id);
    database.update(
        "UPDATE " + EVENTS + " SET \"originator_version\" = 3 WHERE"
            + " \"originator_id\" = ? AND \"originator_version\" = 4",
        id);

    assertCorrupt(3, "hash chain is broken");
  }

  @Test
  void aChangedTopicIsNamed() {
    database.update(
        "UPDATE " + EVENTS + " SET \"topic\" = ? WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 1",
        "dev.recount.examples.world.World.SomethingHappened",
        id);

    assertCorrupt(1, "does not match its hash");
  }

  @Test
  void aDeletedLastEventIsCaughtByTheTrustedHead() {
    String head = worlds.get(id).head();
    database.update(
        "DELETE FROM " + EVENTS + " WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 4",
        id);

    assertThat(worlds.get(id).history()).containsExactly("dinosaurs", "trucks");
    assertThatThrownBy(() -> app.verify(id, head))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining(id.toString())
        .hasMessageContaining("not at the trusted head " + head);
  }

  @Test
  void corruptionIsNamedInEveryReadPath() {
    database.update(
        "UPDATE " + EVENTS + " SET \"timestamp_us\" = \"timestamp_us\" + 1 WHERE"
            + " \"originator_id\" = ? AND \"originator_version\" = 2",
        id);

    assertThatThrownBy(() -> app.events(id))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> worlds.events(id).from(2).to(2).list())
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> app.log().select(1, 10))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 2");
  }

  private void assertCorrupt(long version, String problem) {
    assertThatThrownBy(() -> worlds.get(id))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("aggregate " + id + " version " + version)
        .hasMessageContaining(problem)
        .satisfies(e -> assertThat(((DataIntegrityError) e).version()).isEqualTo(version));
  }

  @Test
  void withAKeyTheDatabaseHoldsNoPlaintext() {
    try (H2Database encrypted = new H2Database();
        Application secret =
            encrypted.application().cipherKey(CipherKeys.generate()).build()) {
      World world = World.create();
      world.makeItSo("dinosaurs");
      WorldRepository.of(secret).save(world);

      for (StoredEvent record : secret.storedEvents(world.id())) {
        assertThat(new String(record.state(), StandardCharsets.ISO_8859_1))
            .doesNotContain("dinosaurs")
            .doesNotContain("\"what\"");
      }
      assertThat(WorldRepository.of(secret).get(world.id()).history()).containsExactly("dinosaurs");
    }
  }

  @Test
  void aWrongKeyIsAClearError() {
    try (H2Database encrypted = new H2Database()) {
      UUID worldId;
      try (Application writer =
          encrypted.application().cipherKey(CipherKeys.generate()).build()) {
        World world = World.create();
        world.makeItSo("dinosaurs");
        WorldRepository.of(writer).save(world);
        worldId = world.id();
      }
      try (Application reader =
          encrypted.application().cipherKey(CipherKeys.generate()).build()) {
        assertThatThrownBy(() -> WorldRepository.of(reader).get(worldId))
            .isInstanceOf(CipherKeyError.class)
            .hasMessageContaining("aggregate " + worldId + " version 1")
            .hasMessageContaining("does not decrypt with the configured CIPHER_KEY")
            .hasMessageContaining("the key is not the one it was written with");
      }
      try (Application noKey = encrypted.application().build()) {
        assertThatThrownBy(() -> WorldRepository.of(noKey).get(worldId))
            .isInstanceOf(CipherKeyError.class)
            .hasMessageContaining("encrypted but no CIPHER_KEY is set");
      }
    }
  }

  /**
   * A record stored without encryption carries a hash anyone can recompute, so with a key set it
   * could be a forgery by someone with write access to the database: every read path refuses it,
   * unless told the store holds records from before the key.
   */
  @Test
  void withAKeyAnUnencryptedRecordIsRefusedInEveryReadPath() {
    try (H2Database db = new H2Database()) {
      UUID worldId;
      try (Application plain = db.application().build()) {
        World world = World.create();
        world.makeItSo("forged");
        WorldRepository.of(plain).save(world);
        worldId = world.id();
      }
      String key = CipherKeys.generate();
      try (Application keyed = db.application().cipherKey(key).build()) {
        assertThatThrownBy(() -> WorldRepository.of(keyed).get(worldId))
            .isInstanceOf(DataIntegrityError.class)
            .isNotInstanceOf(CipherKeyError.class)
            .hasMessageContaining("aggregate " + worldId + " version 1")
            .hasMessageContaining("is not encrypted, but a CIPHER_KEY is set");
        assertThatThrownBy(() -> keyed.log().select(1, 10))
            .isInstanceOf(DataIntegrityError.class)
            .hasMessageContaining("is not encrypted");
        assertThatThrownBy(keyed::audit)
            .isInstanceOf(DataIntegrityError.class)
            .hasMessageContaining("is not encrypted");
      }
      try (Application legacy =
          db.application().cipherKey(key).acceptUnencrypted(true).build()) {
        assertThat(WorldRepository.of(legacy).get(worldId).history()).containsExactly("forged");
      }
    }
  }

  @Test
  void aBlankCipherKeyIsAnError() {
    assertThatThrownBy(() -> Application.builder()
            .environment(java.util.Map.of("CIPHER_KEY", ""))
            .build())
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("CIPHER_KEY: is set but blank");
  }

  @Test
  void anInvalidCipherKeyNamesTheVariable() {
    assertThatThrownBy(() -> Application.builder().cipherKey("not base64!").build())
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("CIPHER_KEY: ")
        .hasMessageContaining("not valid base64");
    assertThatThrownBy(() -> Application.builder().cipherKey("c2hvcnQ=").build())
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("CIPHER_KEY: decodes to 5 bytes");
  }

  @Test
  void compressedAndEncryptedDataStaysReadableWhenCompressionIsTurnedOff() {
    try (H2Database db = new H2Database()) {
      String key = CipherKeys.generate();
      World world = World.create();
      world.makeItSo("x".repeat(5000));
      try (Application zipped =
          db.application().cipherKey(key).compressor("zlib").build()) {
        WorldRepository.of(zipped).save(world);
        assertThat(zipped.storedEvents(world.id()).get(1).state().length).isLessThan(500);
      }
      try (Application plain = db.application().cipherKey(key).build()) {
        assertThat(WorldRepository.of(plain).get(world.id()).history())
            .containsExactly("x".repeat(5000));
      }
    }
  }
}
