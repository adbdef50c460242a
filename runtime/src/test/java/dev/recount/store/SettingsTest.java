package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.CipherKeys;
import dev.recount.ConfigurationError;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing the settings: defaults, and bad values named by their variable. */
class SettingsTest {

  @Test
  void unsetMeansTheDocumentedDefaults() {
    Settings settings = Settings.parse(Map.of());

    assertThat(settings.dbUri()).isNull();
    assertThat(settings.dbUser()).isNull();
    assertThat(settings.dbPassword()).isNull();
    assertThat(settings.keys().encrypts()).isFalse();
    assertThat(settings.subjectKeys()).isFalse();
    assertThat(settings.compression()).isEqualTo(Compression.NONE);
    assertThat(settings.snapshottingInterval()).isZero();
    assertThat(settings.hashChain()).isTrue();
    assertThat(settings.tablePrefix()).isEqualTo("recount_");
    assertThat(settings.createTables()).isTrue();
    assertThat(settings.poolSize()).isEqualTo(10);
    assertThat(settings.readOnly()).isFalse();
    assertThat(settings.maxEventBytes()).isEqualTo(1024 * 1024);
    assertThat(settings.acceptUnencrypted()).isFalse();
    assertThat(settings.aggregateCacheSize()).isZero();
  }

  @Test
  void everyVariableIsListedInTheOrderOfTheDocs() {
    assertThat(EventStore.settingNames())
        .containsExactly(
            "DB_URI",
            "DB_USER",
            "DB_PASSWORD",
            "CIPHER_KEY",
            "CIPHER_KEYS",
            "CIPHER_KEY_ID",
            "SUBJECT_KEYS",
            "COMPRESSOR",
            "SNAPSHOTTING_INTERVAL",
            "HASH_CHAIN",
            "TABLE_PREFIX",
            "CREATE_TABLES",
            "DB_POOL_SIZE",
            "READ_ONLY",
            "MAX_EVENT_BYTES",
            "ACCEPT_UNENCRYPTED",
            "AGGREGATE_CACHE_SIZE",
            "INTEGRITY_KEY",
            "ACCEPT_UNAUTHENTICATED",
            "SIGNING_KEY",
            "CHECKPOINT_INTERVAL");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "COMPRESSOR            | rar       | COMPRESSOR: 'rar' is not a compressor; use zlib or none",
        "SNAPSHOTTING_INTERVAL | often     | SNAPSHOTTING_INTERVAL: 'often' is not a whole number",
        "SNAPSHOTTING_INTERVAL | 2.5       | SNAPSHOTTING_INTERVAL: '2.5' is not a whole number",
        "DB_POOL_SIZE          | many      | DB_POOL_SIZE: 'many' is not a whole number",
        "HASH_CHAIN            | maybe     | HASH_CHAIN: 'maybe' is not true or false",
        "CREATE_TABLES         | sometimes | CREATE_TABLES: 'sometimes' is not true or false",
        "READ_ONLY             | mostly    | READ_ONLY: 'mostly' is not true or false",
        "MAX_EVENT_BYTES       | 1MiB      | MAX_EVENT_BYTES: '1MiB' is not a whole number",
        "AGGREGATE_CACHE_SIZE  | -1        | AGGREGATE_CACHE_SIZE: -1 is out of range 0..1000000",
      })
  void aBadValueNamesItsVariableAndTheValue(String name, String value, String message) {
    assertThatThrownBy(() -> Settings.parse(Map.of(name, value)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo(name));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "SNAPSHOTTING_INTERVAL | -1   | SNAPSHOTTING_INTERVAL: -1 is out of range 0..2147483647",
        "DB_POOL_SIZE          | 0    | DB_POOL_SIZE: 0 is out of range 1..1000",
        "DB_POOL_SIZE          | 1001 | DB_POOL_SIZE: 1001 is out of range 1..1000",
        "MAX_EVENT_BYTES       | 0    | MAX_EVENT_BYTES: 0 is out of range 1..1073741824",
      })
  void aNumberOutOfRangeNamesTheRange(String name, String value, String message) {
    assertThatThrownBy(() -> Settings.parse(Map.of(name, value)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo(name));
  }

  @Test
  void theEndsOfTheRangesAreAccepted() {
    assertThat(Settings.parse(Map.of("SNAPSHOTTING_INTERVAL", "2147483647")).snapshottingInterval())
        .isEqualTo(Integer.MAX_VALUE);
    assertThat(Settings.parse(Map.of("DB_POOL_SIZE", "1")).poolSize()).isEqualTo(1);
    assertThat(Settings.parse(Map.of("DB_POOL_SIZE", "1000")).poolSize()).isEqualTo(1000);
    // Beyond an int it cannot be parsed at all, and says so rather than naming the range.
    assertThatThrownBy(() -> Settings.parse(Map.of("SNAPSHOTTING_INTERVAL", "2147483648")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessage("SNAPSHOTTING_INTERVAL: '2147483648' is not a whole number");
  }

  @ParameterizedTest
  @ValueSource(strings = {"true", "TRUE", "yes", "Yes", "on", "ON", "1", " true "})
  void booleansAcceptTheseSpellingsOfTrue(String value) {
    assertThat(Settings.parse(Map.of("HASH_CHAIN", value)).hashChain()).isTrue();
    assertThat(Settings.parse(Map.of("CREATE_TABLES", value)).createTables()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"false", "FALSE", "no", "No", "off", "OFF", "0", " off "})
  void booleansAcceptTheseSpellingsOfFalse(String value) {
    assertThat(Settings.parse(Map.of("HASH_CHAIN", value)).hashChain()).isFalse();
    assertThat(Settings.parse(Map.of("CREATE_TABLES", value)).createTables()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void aBlankValueMeansUnset(String blank) {
    // An exported but empty variable (FOO= in a shell or a compose file) must not be an error,
    // except CIPHER_KEY's (below).
    Map<String, String> values = Map.of(
        "DB_URI",
        blank,
        "DB_USER",
        blank,
        "COMPRESSOR",
        blank,
        "SNAPSHOTTING_INTERVAL",
        blank,
        "HASH_CHAIN",
        blank,
        "CREATE_TABLES",
        blank,
        "DB_POOL_SIZE",
        blank);

    assertThat(Settings.parse(values)).isEqualTo(Settings.parse(Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   "})
  void aBlankCipherKeyIsAnErrorNotNoEncryption(String blank) {
    // A deployment whose secret failed to load must not quietly store plaintext.
    assertThatThrownBy(() -> Settings.parse(Map.of("CIPHER_KEY", blank)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("CIPHER_KEY: is set but blank")
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo("CIPHER_KEY"));
  }

  @Test
  void aBlankTablePrefixIsNotTheDefaultButAnError() {
    // Unlike every other variable, a blank TABLE_PREFIX is kept (as ""), and opening fails.
    assertThat(Settings.parse(Map.of("TABLE_PREFIX", " ")).tablePrefix()).isEmpty();
    assertThatThrownBy(() -> EventStore.open(Map.of("TABLE_PREFIX", "")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("TABLE_PREFIX: '' is not a table prefix")
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo("TABLE_PREFIX"));
  }

  @Test
  void valuesAreTrimmedExceptThePassword() {
    String key = CipherKeys.generate();
    Settings settings = Settings.parse(Map.of(
        "DB_URI",
        " jdbc:h2:mem:x ",
        "DB_USER",
        " sa ",
        "DB_PASSWORD",
        " pass word ",
        "CIPHER_KEY",
        " " + key + "\n",
        "COMPRESSOR",
        " ZLIB ",
        "SNAPSHOTTING_INTERVAL",
        " 5 ",
        "TABLE_PREFIX",
        " app_ ",
        "DB_POOL_SIZE",
        " 3 "));

    assertThat(settings.dbUri()).isEqualTo("jdbc:h2:mem:x");
    assertThat(settings.dbUser()).isEqualTo("sa");
    // A password may begin or end with a space: it is used exactly as given.
    assertThat(settings.dbPassword()).isEqualTo(" pass word ");
    assertThat(settings.keys().encrypts()).isTrue();
    assertThat(settings.compression()).isEqualTo(Compression.ZLIB);
    assertThat(settings.snapshottingInterval()).isEqualTo(5);
    assertThat(settings.tablePrefix()).isEqualTo("app_");
    assertThat(settings.poolSize()).isEqualTo(3);
  }

  @Test
  void aCipherKeyIsBase64OfAnAesKeyLength() {
    for (int bytes : new int[] {16, 24, 32}) {
      String key = Base64.getEncoder().encodeToString(new byte[bytes]);
      assertThat(Settings.parse(Map.of("CIPHER_KEY", key)).keys().encrypts()).isTrue();
    }
    assertThatThrownBy(() -> Settings.parse(Map.of("CIPHER_KEY", "c2hvcnQ=")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessage("CIPHER_KEY: decodes to 5 bytes; an AES key has 16, 24 or 32 (generate one"
            + " with CipherKeys.generate())")
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo("CIPHER_KEY"));
  }

  @Test
  void aMalformedCipherKeyIsNamedButNotEchoed() {
    // The value is (almost) a secret: the message says what is wrong without repeating it.
    String secret = "s3cret-but-not-base64!";
    assertThatThrownBy(() -> Settings.parse(Map.of("CIPHER_KEY", secret)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("CIPHER_KEY: is not valid base64")
        .hasMessageNotContaining(secret)
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo("CIPHER_KEY"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "DB_URI       | postgres://localhost/x | DB_URI: 'postgres://localhost/x' is not a JDBC URL",
        "DB_URI       | jdbc:sqlite:x.db       | DB_URI: 'jdbc:sqlite:x.db' names a database",
        "TABLE_PREFIX | Drop table;            | TABLE_PREFIX: 'Drop table;' is not a table prefix",
        "TABLE_PREFIX | 1st_                   | TABLE_PREFIX: '1st_' is not a table prefix",
      })
  void theDatabaseAndPrefixAreCheckedWhenTheStoreOpens(String name, String value, String start) {
    // Checked before connecting: no database is needed to find these wrong.
    assertThatThrownBy(() -> EventStore.open(Map.of(name, value)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith(start)
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo(name));
  }
}
