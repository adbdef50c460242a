package dev.recount.store;

import static dev.recount.store.StoreDatabase.EVENTS;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.LogIntegrityError;
import dev.recount.SigningKeys;
import dev.recount.StoredEvent;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The checks of signed checkpoints that the database contract (examples' TrustContract) cannot
 * reach on databases whose ids have no gaps, and the JSON comparison of the deep audit.
 */
class CheckpointAuditTest {
  private static final SigningKeys.Pair KEYS = SigningKeys.generate();

  private final StoreDatabase database = new StoreDatabase();
  private EventStore store;

  @AfterEach
  void close() {
    if (store != null) {
      store.close();
    }
    database.close();
  }

  private UUID saveCounter() {
    Counter counter = Counter.create();
    counter.add(1);
    counter.add(2);
    counter.add(3);
    store.save(List.of(counter), null);
    return counter.id();
  }

  @Test
  void anEventInsertedWhereTheCheckpointHasAGapIsNamed() {
    store = database.open();
    saveCounter();
    UUID second = saveCounter();
    // A gap in the ids, as a save rolled back on PostgreSQL leaves one: the checkpoint signs
    // what is there, and an event put into the gap later is not what it signed.
    StoredEvent taken = store.storedEvents(second).get(1);
    assertThat(taken.notificationId()).isEqualTo(6);
    database.update("DELETE FROM " + EVENTS + " WHERE \"notification_id\" = 6");
    store.close();
    store = database.open("SIGNING_KEY", KEYS.signingKey());
    assertThat(store.checkpoint().events()).isEqualTo(7);
    database.update(
        "INSERT INTO " + EVENTS + " (\"notification_id\", \"originator_id\","
            + " \"originator_version\", \"topic\", \"timestamp_us\", \"state\","
            + " \"previous_hash\", \"hash\") VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        taken.notificationId(),
        taken.originatorId(),
        taken.originatorVersion(),
        taken.topic(),
        taken.timestampMicros(),
        taken.state(),
        taken.previousHash(),
        taken.hash());

    assertThatThrownBy(() -> store.audit(false, false, null, null))
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageStartingWith(
            "notification id 6 (aggregate " + second + " version 2): no checkpoint signed");
  }

  @Test
  void checkpointsResumeAfterARestartFromTheNewestStored() {
    store = database.open("SIGNING_KEY", KEYS.signingKey());
    saveCounter();
    store.checkpoint();
    store.close();
    store = database.open("SIGNING_KEY", KEYS.signingKey());
    saveCounter();

    assertThat(store.checkpoint().upTo()).isEqualTo(8);
    assertThat(database.count("SELECT COUNT(*) FROM \"recount_checkpoints\"")).isEqualTo(2);
    assertThat(store.audit().checkpointedUpTo()).isEqualTo(8);
  }

  @Test
  void aWriterWithAnotherKeyRefusesToSignOnTopOfCheckpointsItCannotVerify() {
    store = database.open("SIGNING_KEY", KEYS.signingKey());
    saveCounter();
    store.checkpoint();
    store.close();
    store = database.open("SIGNING_KEY", SigningKeys.generate().signingKey());
    saveCounter();

    assertThatThrownBy(store::checkpoint)
        .isInstanceOf(LogIntegrityError.class)
        .hasMessageStartingWith("notification id 4: the newest checkpoint")
        .hasMessageContaining("does not verify with the SIGNING_KEY's verifying key");
  }

  @Test
  void aStoreWithoutASigningKeySignsNothing() {
    store = database.open();

    assertThatThrownBy(store::checkpoint)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no SIGNING_KEY is set: this application signs no checkpoints");
    assertThat(store.latestCheckpoint()).isNull();
  }

  @Test
  void anAuditOfTheRecordsOnlyNeedsNeitherTheClassesNorTheCipherKey() {
    store = database.open("CIPHER_KEY", dev.recount.CipherKeys.generate());
    UUID id = saveCounter();
    // As another application's store looks: a topic no class on this class path owns, its
    // hashes recomputed, and no key to decrypt with.
    database.update("UPDATE " + EVENTS + " SET \"topic\" = 'com.example.Other.Created'"
        + " WHERE \"notification_id\" = 1");
    rechainFrom(id, 1);
    store.close();
    store = database.open();

    assertThat(store.audit(false, false, null, null).events()).isEqualTo(4);
    assertThatThrownBy(store::audit)
        .isInstanceOf(dev.recount.DataIntegrityError.class)
        .hasMessageContaining("no event on the class path has the topic");
  }

  private static StoredEvent withPrevious(StoredEvent event, byte[] previous) {
    return new StoredEvent(
        event.originatorId(),
        event.originatorVersion(),
        event.topic(),
        event.timestampMicros(),
        event.state(),
        previous,
        null,
        event.notificationId());
  }

  /** Recomputes the hashes of an aggregate's events from {@code version} on. */
  private void rechainFrom(UUID id, long version) {
    List<StoredEvent> events = store.storedEvents(id);
    byte[] previous = version == 1 ? null : events.get((int) version - 2).hash();
    for (StoredEvent event : events.subList((int) version - 1, events.size())) {
      byte[] hash = Hashes.ofEvent(withPrevious(event, previous));
      database.update(
          "UPDATE " + EVENTS + " SET \"previous_hash\" = ?, \"hash\" = ? WHERE"
              + " \"notification_id\" = ?",
          previous,
          hash,
          event.notificationId());
      previous = hash;
    }
  }

  @Test
  void jsonIsComparedAsValues() {
    assertThat(JsonTrees.equal(bytes("{\"a\":1,\"b\":[1,2]}"), bytes("{\"b\":[1,2],\"a\":1}")))
        .isTrue();
    assertThat(JsonTrees.equal(bytes("{\"b\":[1,2]}"), bytes("{\"b\":[2,1]}"))).isFalse();
    assertThat(JsonTrees.equal(bytes("{\"a\":1}"), bytes("{\"a\":1.0}"))).isFalse();
    assertThat(JsonTrees.equal(bytes("{\"a\":\"1\"}"), bytes("{\"a\":1}"))).isFalse();
  }

  private static byte[] bytes(String json) {
    return json.getBytes(UTF_8);
  }
}
