package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.CipherKeys;
import dev.recount.ConfigurationError;
import dev.recount.SigningKeys;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** INTEGRITY_KEY, SIGNING_KEY and their companions: each bad value names its variable. */
class IntegritySettingsTest {
  @Test
  void unsetMeansNoTagsAndNoCheckpoints() {
    IntegritySettings settings = Settings.parse(Map.of()).integrity();

    assertThat(settings.tags()).isNull();
    assertThat(settings.signingKey()).isNull();
    assertThat(settings.verifyingKey()).isNull();
    assertThat(settings.checkpointInterval()).isEqualTo(1000);
  }

  @Test
  void aSigningKeyBringsItsVerifyingKey() {
    SigningKeys.Pair keys = SigningKeys.generate();

    IntegritySettings settings =
        Settings.parse(Map.of("SIGNING_KEY", keys.signingKey())).integrity();

    assertThat(Base64.getEncoder().encodeToString(settings.verifyingKey().getEncoded()))
        .isEqualTo(keys.verifyingKey());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "INTEGRITY_KEY | ' '      | INTEGRITY_KEY: is set but blank",
        "INTEGRITY_KEY | c2hvcnQ= | INTEGRITY_KEY: decodes to 5 bytes; an HMAC-SHA256 key needs at"
            + " least 32",
        "INTEGRITY_KEY | !!       | INTEGRITY_KEY: is not valid base64",
        "SIGNING_KEY   | ' '      | SIGNING_KEY: is set but blank",
        "SIGNING_KEY   | c2hvcnQ= | SIGNING_KEY: is not an Ed25519 signing key",
        "CHECKPOINT_INTERVAL | 0  | CHECKPOINT_INTERVAL: 0 is out of range 1..100000",
        "ACCEPT_UNAUTHENTICATED | perhaps | ACCEPT_UNAUTHENTICATED: 'perhaps' is not true or false",
      })
  void aBadValueNamesItsVariable(String name, String value, String start) {
    assertThatThrownBy(() -> Settings.parse(Map.of(name, value)))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith(start)
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo(name));
  }

  @Test
  void tagsAndCheckpointsNeedTheHashChain() {
    assertThatThrownBy(() ->
            Settings.parse(Map.of("HASH_CHAIN", "false", "INTEGRITY_KEY", CipherKeys.generate())))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("INTEGRITY_KEY: needs HASH_CHAIN=true");
    assertThatThrownBy(() -> Settings.parse(
            Map.of("HASH_CHAIN", "false", "SIGNING_KEY", SigningKeys.generate().signingKey())))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("SIGNING_KEY: needs HASH_CHAIN=true");
  }
}
