package dev.recount.store;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.CipherKeyError;
import dev.recount.CipherKeys;
import dev.recount.DataIntegrityError;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state column's bytes: format byte, compression, AES-GCM bound to the record's identity. */
class TranscoderTest {
  private static final UUID ID = UUID.randomUUID();
  // Repetitive, so that zlib visibly shrinks it; distinctive, so that it can be looked for.
  private static final byte[] JSON =
      ("{\"what\":\"" + "dinosaurs ".repeat(40) + "\"}").getBytes(UTF_8);

  private static final AesGcm KEY = AesGcm.fromBase64("CIPHER_KEY", CipherKeys.generate());
  private static final AesGcm OTHER_KEY = AesGcm.fromBase64("CIPHER_KEY", CipherKeys.generate());

  static Stream<Arguments> everyCombination() {
    return Stream.of(Compression.values())
        .flatMap(compression ->
            Stream.of(Arguments.of(compression, false), Arguments.of(compression, true)));
  }

  @ParameterizedTest(name = "{0}, encrypted {1}")
  @MethodSource("everyCombination")
  void eventsAndSnapshotsRoundTrip(Compression compression, boolean encrypted) throws Exception {
    Transcoder transcoder = new Transcoder(compression, encrypted ? KEY : null);
    for (byte kind : List.of(Transcoder.EVENT, Transcoder.SNAPSHOT)) {
      byte[] stored = transcoder.encode(kind, ID, 7, JSON);
      assertThat(transcoder.decode(kind, ID, 7, stored)).isEqualTo(JSON);
    }
  }

  @ParameterizedTest(name = "{0}, encrypted {1}")
  @MethodSource("everyCombination")
  void theFormatByteSaysHowTheRestWasWritten(Compression compression, boolean encrypted) {
    Transcoder transcoder = new Transcoder(compression, encrypted ? KEY : null);
    byte[] stored = transcoder.encode(Transcoder.EVENT, ID, 1, JSON);
    // Bits 0-3 the compressor, bit 7 encrypted.
    int expected = compression.code | (encrypted ? 0x80 : 0);
    assertThat(stored[0] & 0xff).isEqualTo(expected);
  }

  @Test
  void withNeitherTheStateIsTheJsonBehindAZeroByte() {
    byte[] stored = new Transcoder(Compression.NONE, null).encode(Transcoder.EVENT, ID, 1, JSON);
    assertThat(stored[0]).isZero();
    assertThat(Arrays.copyOfRange(stored, 1, stored.length)).isEqualTo(JSON);
  }

  @Test
  void zlibShrinksRepetitiveJson() {
    byte[] stored = new Transcoder(Compression.ZLIB, null).encode(Transcoder.EVENT, ID, 1, JSON);
    assertThat(stored.length).isLessThan(JSON.length / 4);
  }

  @Test
  void encryptedBytesAreNotTheJsonAndDifferEachTime() {
    Transcoder transcoder = new Transcoder(Compression.NONE, KEY);
    byte[] once = transcoder.encode(Transcoder.EVENT, ID, 1, JSON);
    byte[] twice = transcoder.encode(Transcoder.EVENT, ID, 1, JSON);
    assertThat(new String(once, ISO_8859_1)).doesNotContain("dinosaurs").doesNotContain("what");
    // A fresh nonce per record: equal events must not be recognisable as equal.
    assertThat(once).isNotEqualTo(twice);
    // Format byte, nonce, ciphertext as long as the JSON, 16-byte tag.
    assertThat(once).hasSize(1 + AesGcm.NONCE_BYTES + JSON.length + 16);
  }

  @Test
  void aCiphertextIsBoundToItsAggregateVersionAndKind() {
    Transcoder transcoder = new Transcoder(Compression.NONE, KEY);
    byte[] stored = transcoder.encode(Transcoder.EVENT, ID, 3, JSON);

    assertKeyProblem(
        () -> transcoder.decode(Transcoder.EVENT, UUID.randomUUID(), 3, stored),
        "does not decrypt with the configured CIPHER_KEY");
    assertKeyProblem(
        () -> transcoder.decode(Transcoder.EVENT, ID, 4, stored),
        "does not decrypt with the configured CIPHER_KEY");
    assertKeyProblem(
        () -> transcoder.decode(Transcoder.SNAPSHOT, ID, 3, stored),
        "does not decrypt with the configured CIPHER_KEY");
  }

  @Test
  void theFormatByteIsAuthenticatedToo() {
    Transcoder transcoder = new Transcoder(Compression.NONE, KEY);
    byte[] stored = transcoder.encode(Transcoder.EVENT, ID, 1, JSON);
    // Claim zlib: were the format byte not in the associated data, this would reach the inflater.
    stored[0] |= (byte) Compression.ZLIB.code;
    assertKeyProblem(
        () -> transcoder.decode(Transcoder.EVENT, ID, 1, stored),
        "does not decrypt with the configured CIPHER_KEY");
  }

  @Test
  void aWrongKeyOrNoKeyIsAKeyProblem() {
    byte[] stored = new Transcoder(Compression.ZLIB, KEY).encode(Transcoder.EVENT, ID, 1, JSON);

    assertKeyProblem(
        () -> new Transcoder(Compression.ZLIB, OTHER_KEY).decode(Transcoder.EVENT, ID, 1, stored),
        "does not decrypt with the configured CIPHER_KEY");
    assertKeyProblem(
        () -> new Transcoder(Compression.ZLIB, null).decode(Transcoder.EVENT, ID, 1, stored),
        "is encrypted but no CIPHER_KEY is set");
  }

  @Test
  void withAKeyAPlainRecordIsRefused() throws Exception {
    // Anyone who can write to the database can store plaintext with a recomputed hash; only the
    // key's authentication tells a record the application wrote.
    byte[] plain = new Transcoder(Compression.ZLIB, null).encode(Transcoder.EVENT, ID, 1, JSON);
    assertThatThrownBy(
            () -> new Transcoder(Compression.NONE, KEY).decode(Transcoder.EVENT, ID, 1, plain))
        .isInstanceOf(Transcoder.Undecodable.class)
        .hasMessageContaining("is not encrypted, but a CIPHER_KEY is set")
        .hasMessageContaining("ACCEPT_UNENCRYPTED")
        .satisfies(e -> assertThat(((Transcoder.Undecodable) e).keyProblem).isFalse());
  }

  @Test
  void plainRecordsStoredBeforeTheKeyAreReadWhenAccepted() throws Exception {
    // The format byte, not the settings, says how a record was written (Transcoder's javadoc).
    byte[] plain = new Transcoder(Compression.ZLIB, null).encode(Transcoder.EVENT, ID, 1, JSON);
    assertThat(new Transcoder(Compression.NONE, KEY, true).decode(Transcoder.EVENT, ID, 1, plain))
        .isEqualTo(JSON);
  }

  @Test
  void damagedStateIsADataProblemNotAKeyProblem() {
    Transcoder transcoder = new Transcoder(Compression.ZLIB, null);
    byte[] zipped = transcoder.encode(Transcoder.EVENT, ID, 1, JSON);

    assertDataProblem(transcoder, new byte[0], "is empty");
    assertDataProblem(transcoder, new byte[] {2, '{', '}'}, "has an unknown format byte 2");
    // Bits 4 and 5 (the key's kind) mean nothing without bit 7, nor together: a record using
    // them so was written by something else.
    assertDataProblem(transcoder, new byte[] {0x10, '{', '}'}, "has an unknown format byte 16");
    assertDataProblem(transcoder, new byte[] {0x20, '{', '}'}, "has an unknown format byte 32");
    assertDataProblem(
        transcoder, new byte[] {(byte) 0xb0, '{', '}'}, "has an unknown format byte 176");
    // Bit 6 promises an integrity tag at the end.
    assertDataProblem(transcoder, new byte[] {0x40, '{', '}'}, "is shorter than its integrity tag");
    assertDataProblem(
        transcoder,
        Arrays.copyOf(zipped, zipped.length / 2),
        "does not decompress (truncated zlib data)");
    assertDataProblem(transcoder, new byte[] {1, 'n', 'o', 't', 'z'}, "does not decompress");
  }

  @Test
  void theDecoderTurnsKeyProblemsIntoCipherKeyErrorsAndTheRestIntoDataIntegrityErrors() {
    byte[] stored = new Transcoder(Compression.NONE, KEY).encode(Transcoder.EVENT, ID, 2, JSON);
    Transcoder wrong = new Transcoder(Compression.NONE, OTHER_KEY);

    // With the hash chain on, its callers have checked the hash first: the data is intact.
    assertThatThrownBy(() ->
            new RecordDecoder(wrong, true).decodeState(Transcoder.EVENT, ID, 2, stored, "event"))
        .isInstanceOf(CipherKeyError.class)
        .hasMessage("aggregate " + ID + " version 2: the event's stored state does not decrypt"
            + " with the configured CIPHER_KEY; its hash matches, so the stored data is intact"
            + " and the key is not the one it was written with");
    // Without it, a wrong key and altered bytes look the same, and the message says so.
    assertThatThrownBy(() -> new RecordDecoder(wrong, false)
            .decodeState(Transcoder.SNAPSHOT, ID, 2, stored, "snapshot"))
        .isInstanceOf(CipherKeyError.class)
        .hasMessageContaining("the snapshot's stored state does not decrypt")
        .hasMessageContaining("a wrong key, or altered data");
    assertThatThrownBy(() -> new RecordDecoder(wrong, true)
            .decodeState(Transcoder.EVENT, ID, 2, new byte[] {9}, "event"))
        .isExactlyInstanceOf(DataIntegrityError.class)
        .hasMessage("aggregate " + ID + " version 2: the event's stored state has an unknown"
            + " format byte 9");
  }

  private interface Decoding {
    void run() throws Exception;
  }

  private static void assertKeyProblem(Decoding decoding, String message) {
    assertThatThrownBy(decoding::run)
        .isInstanceOf(Transcoder.Undecodable.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((Transcoder.Undecodable) e).keyProblem).isTrue());
  }

  private static void assertDataProblem(Transcoder transcoder, byte[] stored, String message) {
    assertThatThrownBy(() -> transcoder.decode(Transcoder.EVENT, ID, 1, stored))
        .isInstanceOf(Transcoder.Undecodable.class)
        .hasMessageStartingWith(message)
        .satisfies(e -> assertThat(((Transcoder.Undecodable) e).keyProblem).isFalse());
  }
}
