package dev.recount.store;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.CipherKeyError;
import dev.recount.CipherKeys;
import dev.recount.ConfigurationError;
import dev.recount.StoredEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Named cipher keys (CIPHER_KEYS, CIPHER_KEY_ID): each record names the key that wrote it, every
 * configured key reads, records are never rewritten, and a removed key makes its records a
 * CipherKeyError naming it.
 */
class KeyRotationTest {
  private static final Counter_Mutator COUNTERS = Counter_Mutator.INSTANCE;
  private static final String K1 = CipherKeys.generate();
  private static final String K2 = CipherKeys.generate();
  private static final String K3 = CipherKeys.generate();

  private final StoreDatabase database = new StoreDatabase();
  private final List<EventStore> stores = new ArrayList<>();

  @AfterEach
  void close() {
    stores.forEach(EventStore::close);
    database.close();
  }

  private EventStore open(String... settings) {
    EventStore store = database.open(settings);
    stores.add(store);
    return store;
  }

  private static void add(EventStore store, UUID id, int n) {
    Counter counter = store.load(COUNTERS, id, Long.MAX_VALUE);
    counter.add(n);
    store.save(List.of(counter), null);
  }

  /** The key id a stored record names after its format byte; null if it names none. */
  private static String keyIdOf(byte[] state) {
    if ((state[0] & 0x10) == 0) {
      return null;
    }
    return new String(state, 2, state[1], US_ASCII);
  }

  @Test
  void rotationAcrossThreeKeysKeepsEveryRecordReadableAndNeverRewritesOne() {
    EventStore one = open("CIPHER_KEYS", "k1:" + K1, "SNAPSHOTTING_INTERVAL", "3");
    Counter counter = Counter.create();
    counter.add(1);
    one.save(List.of(counter), null);
    UUID id = counter.id();
    add(one, id, 2); // version 3: a snapshot, with k1
    List<StoredEvent> writtenWithK1 = one.storedEvents(id);

    EventStore two = open(
        "CIPHER_KEYS",
        "k2:" + K2 + ",k1:" + K1,
        "CIPHER_KEY_ID",
        "k2",
        "SNAPSHOTTING_INTERVAL",
        "3");
    add(two, id, 10);
    EventStore three = open(
        "CIPHER_KEYS",
        "k3:" + K3 + ", k2:" + K2 + ", k1:" + K1,
        "CIPHER_KEY_ID",
        "k3",
        "SNAPSHOTTING_INTERVAL",
        "3");
    add(three, id, 100);
    add(three, id, 1000); // version 6: a snapshot, with k3

    List<StoredEvent> stored = three.storedEvents(id);
    assertThat(stored)
        .extracting(event -> keyIdOf(event.state()))
        .containsExactly("k1", "k1", "k1", "k2", "k3", "k3");
    assertThat(stored.subList(0, 3))
        .as("records are never rewritten")
        .usingElementComparator((a, b) -> Arrays.equals(a.state(), b.state()) ? 0 : 1)
        .containsExactlyElementsOf(writtenWithK1);
    assertThat(database.column("SELECT \"state\" FROM " + StoreDatabase.SNAPSHOTS
            + " ORDER BY \"originator_version\""))
        .extracting(state -> keyIdOf((byte[]) state))
        .containsExactly("k1", "k3");
    // Every key reads: from the snapshot at 3 (k1), from the one at 6 (k3), and every event.
    assertThat(three.load(COUNTERS, id, 5).total).isEqualTo(113);
    assertThat(three.load(COUNTERS, id, Long.MAX_VALUE).total).isEqualTo(1113);
    assertThat(three.events(id, 1, 6, false, 10, COUNTERS)).hasSize(6);
    assertThat(three.audit().events()).isEqualTo(6);
  }

  @Test
  void aRemovedKeyMakesItsRecordsACipherKeyErrorNamingIt() {
    EventStore one = open("CIPHER_KEYS", "k1:" + K1);
    Counter counter = Counter.create();
    counter.add(1);
    one.save(List.of(counter), null);
    UUID id = counter.id();
    add(open("CIPHER_KEYS", "k2:" + K2 + ",k1:" + K1, "CIPHER_KEY_ID", "k2"), id, 2);

    EventStore withoutK1 = open("CIPHER_KEYS", "k3:" + K3 + ",k2:" + K2, "CIPHER_KEY_ID", "k3");

    assertThatThrownBy(() -> withoutK1.load(COUNTERS, id, Long.MAX_VALUE))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> {
          assertThat(e.keyId()).isEqualTo("k1");
          assertThat(e.aggregateId()).isEqualTo(id);
          assertThat(e.version()).isEqualTo(1);
        })
        .hasMessage("aggregate " + id + " version 1: the event's stored state is encrypted with"
            + " the key 'k1', which is not among the configured keys [k3, k2]; its hash matches,"
            + " so the stored data is intact and the key is not the one it was written with");
    assertThatThrownBy(() -> withoutK1.log().select(1, 10))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> assertThat(e.keyId()).isEqualTo("k1"));
    assertThatThrownBy(withoutK1::audit)
        .isInstanceOfSatisfying(CipherKeyError.class, e -> assertThat(e.keyId()).isEqualTo("k1"));
    // The record written with k2 still reads.
    assertThat(withoutK1.events(id, 3, 3, false, 1, COUNTERS)).hasSize(1);
  }

  @Test
  void aKeyWithTheRightIdButOtherBytesIsNamedAsNotDecrypting() {
    Counter counter = Counter.create();
    open("CIPHER_KEYS", "k1:" + K1).save(List.of(counter), null);

    EventStore wrong = open("CIPHER_KEYS", "k1:" + K2);

    assertThatThrownBy(() -> wrong.load(COUNTERS, counter.id(), Long.MAX_VALUE))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> assertThat(e.keyId()).isEqualTo("k1"))
        .hasMessageContaining("does not decrypt with the configured key 'k1'; its hash matches");
  }

  @Test
  void recordsOfTheSingleCipherKeyCarryNoIdAndStayReadableBesideNamedKeys() {
    EventStore single = open("CIPHER_KEY", K1);
    Counter counter = Counter.create();
    single.save(List.of(counter), null);
    UUID id = counter.id();
    assertThat(keyIdOf(single.storedEvents(id).get(0).state())).isNull();

    // Moving from CIPHER_KEY to named keys: keep it to read the records without an id.
    EventStore named = open("CIPHER_KEY", K1, "CIPHER_KEYS", "k2:" + K2);
    add(named, id, 5);
    assertThat(named.storedEvents(id))
        .extracting(event -> keyIdOf(event.state()))
        .containsExactly(null, "k2");
    assertThat(named.load(COUNTERS, id, Long.MAX_VALUE).total).isEqualTo(5);

    EventStore withoutIt = open("CIPHER_KEYS", "k2:" + K2);
    assertThatThrownBy(() -> withoutIt.load(COUNTERS, id, Long.MAX_VALUE))
        .isInstanceOfSatisfying(CipherKeyError.class, e -> {
          assertThat(e.keyId()).isNull();
          assertThat(e.version()).isEqualTo(1);
        })
        .hasMessageContaining("is encrypted with the key of CIPHER_KEY (it carries no key id),"
            + " and CIPHER_KEY is not set (CIPHER_KEYS has only [k2])");
  }

  @Test
  void theStoredHeaderIsTheFormatByteThenTheKeyIdThenNonceAndCiphertext() {
    EventStore store = open("CIPHER_KEYS", "key-2026.a:" + K1, "COMPRESSOR", "zlib");
    Counter counter = Counter.create();
    store.save(List.of(counter), null);

    byte[] state = store.storedEvents(counter.id()).get(0).state();
    assertThat(state[0] & 0xff).isEqualTo(0x80 | 0x10 | Compression.ZLIB.code);
    assertThat(state[1]).isEqualTo((byte) "key-2026.a".length());
    assertThat(new String(state, 2, state[1], US_ASCII)).isEqualTo("key-2026.a");
    // The nonce (12 bytes) and ciphertext with its tag (16 bytes) follow.
    assertThat(state.length).isGreaterThan(2 + 10 + 12 + 16);
  }

  @Test
  void withAnIntegrityKeyTheTagFollowsTheCiphertextAndItsBitJoinsTheKeyIdBit() {
    String integrityKey = CipherKeys.generate();
    EventStore store =
        open("CIPHER_KEYS", "k1:" + K1, "COMPRESSOR", "zlib", "INTEGRITY_KEY", integrityKey);
    Counter counter = Counter.create();
    counter.add(5);
    store.save(List.of(counter), null);

    byte[] state = store.storedEvents(counter.id()).get(1).state();
    // Bit 6 (the tag) and bit 4 (a key id) are different bits: each is read as meant.
    assertThat(state[0] & 0xff).isEqualTo(0x80 | 0x40 | 0x10 | Compression.ZLIB.code);
    assertThat(keyIdOf(state)).isEqualTo("k1");
    // Format byte, key id, nonce (12), ciphertext with its GCM tag (16), then the 32-byte tag.
    assertThat(state.length).isGreaterThan(1 + 1 + 2 + 12 + 16 + 32);
    assertThat(open("CIPHER_KEYS", "k1:" + K1, "INTEGRITY_KEY", integrityKey)
            .load(COUNTERS, counter.id(), Long.MAX_VALUE)
            .total)
        .isEqualTo(5);
    // A reader without the integrity key cuts the tag off and still decrypts.
    assertThat(open("CIPHER_KEYS", "k1:" + K1).load(COUNTERS, counter.id(), Long.MAX_VALUE).total)
        .isEqualTo(5);
    // A record whose tag bit was cleared (and hash recomputed) is refused with the key set.
    StoredEvent second = store.storedEvents(counter.id()).get(1);
    byte[] stripped = Arrays.copyOf(second.state(), second.state().length - 32);
    stripped[0] &= ~0x40;
    StoredEvent forged = new StoredEvent(
        second.originatorId(),
        second.originatorVersion(),
        second.topic(),
        second.timestampMicros(),
        stripped,
        second.previousHash(),
        null,
        0);
    database.update(
        "UPDATE \"recount_events\" SET \"state\" = ?, \"hash\" = ? WHERE \"originator_id\" = ?"
            + " AND \"originator_version\" = 2",
        stripped,
        Hashes.ofEvent(forged),
        counter.id());
    assertThatThrownBy(() -> open("CIPHER_KEYS", "k1:" + K1, "INTEGRITY_KEY", integrityKey)
            .load(COUNTERS, counter.id(), Long.MAX_VALUE))
        .isInstanceOf(dev.recount.DataIntegrityError.class)
        .hasMessageContaining("carries no integrity tag");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "  "})
  void blankKeySettingsAreErrorsNotNoEncryption(String blank) {
    assertConfigurationError(Map.of("CIPHER_KEYS", blank), "CIPHER_KEYS: is set but blank");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:" + blank), "CIPHER_KEYS: the key 'k1' is" + " blank");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:" + K1 + "," + blank),
        "CIPHER_KEYS: '" + blank.trim() + "' is not id:base64");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:" + K1, "CIPHER_KEY_ID", blank),
        "CIPHER_KEY_ID: '' is none of the ids in CIPHER_KEYS [k1]");
  }

  @Test
  void malformedKeySettingsAreNamed() {
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:" + K1 + ",k2:" + K2),
        "CIPHER_KEY_ID: is not set, and CIPHER_KEYS has 2 keys [k1, k2]: name the one that"
            + " encrypts new records");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:" + K1, "CIPHER_KEY_ID", "k9"),
        "CIPHER_KEY_ID: 'k9' is none of the ids in CIPHER_KEYS [k1]");
    assertConfigurationError(
        Map.of("CIPHER_KEY", K1, "CIPHER_KEY_ID", "k1"),
        "CIPHER_KEY_ID: is set, but CIPHER_KEYS is not");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:" + K1 + ",k1:" + K2, "CIPHER_KEY_ID", "k1"),
        "CIPHER_KEYS: the key id 'k1' is given twice");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "a key:" + K1), "CIPHER_KEYS: the key id 'a key' is not 1 to 32");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:" + Base64.getEncoder().encodeToString(new byte[20])),
        "CIPHER_KEYS: the key 'k1' decodes to 20 bytes; an AES key has 16, 24 or 32");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", "k1:not*base64"), "CIPHER_KEYS: the key 'k1' is not valid base64");
    assertConfigurationError(
        Map.of("CIPHER_KEYS", K1), "CIPHER_KEYS: '" + K1.substring(0, 4) + "...' is not id:base64");
  }

  @Test
  void aesKeysOf128192And256BitsAreAccepted() {
    for (int bytes : new int[] {16, 24, 32}) {
      String key = Base64.getEncoder().encodeToString(new byte[bytes]);
      EventStore store = open("CIPHER_KEYS", "k:" + key);
      Counter counter = Counter.create();
      counter.add(bytes);
      store.save(List.of(counter), null);
      assertThat(store.load(COUNTERS, counter.id(), Long.MAX_VALUE).total).isEqualTo(bytes);
    }
  }

  private static void assertConfigurationError(Map<String, String> settings, String message) {
    assertThatThrownBy(() -> Settings.parse(settings))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith(message);
  }
}
