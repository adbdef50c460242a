package dev.recount.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.ConfigurationError;
import dev.recount.SigningKeys;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The key settings as {@code recount.*} properties, bound by Spring as the starter binds them. */
class RecountSettingsTest {
  private final String k1 = CipherKeys.generate();
  private final String k2 = CipherKeys.generate();
  private final String integrity = CipherKeys.generate();
  private final SigningKeys.Pair signing = SigningKeys.generate();

  private Map<String, String> keyProperties() {
    Map<String, String> properties = new HashMap<>();
    properties.put("recount.cipher-keys.k1", k1);
    properties.put("recount.cipher-keys.k2", k2);
    properties.put("recount.cipher-key-id", "k2");
    properties.put("recount.subject-keys", "true");
    properties.put("recount.integrity-key", integrity);
    properties.put("recount.signing-key", signing.signingKey());
    properties.put("recount.checkpoint-interval", "5");
    properties.put("recount.accept-unencrypted", "true");
    return properties;
  }

  private static RecountProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties))
        .bind("recount", RecountProperties.class)
        .get();
  }

  @Test
  void everyKeySettingIsBoundAndReachesTheApplication() {
    RecountProperties properties = bind(keyProperties());
    assertThat(properties.getCipherKeys()).containsEntry("k1", k1).containsEntry("k2", k2);
    assertThat(properties.getCipherKeyId()).isEqualTo("k2");
    assertThat(properties.getSubjectKeys()).isTrue();
    assertThat(properties.getIntegrityKey()).isEqualTo(integrity);
    assertThat(properties.getSigningKey()).isEqualTo(signing.signingKey());
    assertThat(properties.getCheckpointInterval()).isEqualTo(5);
    assertThat(properties.getAcceptUnencrypted()).isTrue();
    try (Application app = RecountSettings.builder(properties).build()) {
      // Only an application with a SIGNING_KEY signs; an empty log has nothing to sign.
      assertThat(app.checkpoint()).isEmpty();
    }
  }

  @Test
  void aCurrentKeyIdThatNamesNoKeyIsRefusedAsTheSettingsWould() {
    Map<String, String> properties = keyProperties();
    properties.put("recount.cipher-key-id", "k3");
    assertThatThrownBy(() -> RecountSettings.builder(bind(properties)).build().close())
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("CIPHER_KEY_ID");
  }

  @Test
  void subjectKeysWithoutACipherKeyAreRefused() {
    Map<String, String> properties = new HashMap<>();
    properties.put("recount.subject-keys", "true");
    assertThatThrownBy(() -> RecountSettings.builder(bind(properties)).build().close())
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("SUBJECT_KEYS");
  }

  @Test
  void aMalformedIntegrityKeyIsRefusedNamingItsSettingNotItsValue() {
    Map<String, String> properties = new HashMap<>();
    properties.put("recount.integrity-key", "c2hvcnQ=");
    assertThatThrownBy(() -> RecountSettings.builder(bind(properties)).build().close())
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("INTEGRITY_KEY")
        .hasMessageNotContaining("c2hvcnQ=");
  }

  @Test
  void thePropertiesPrintNoKey() {
    RecountProperties properties = bind(keyProperties());
    properties.setCipherKey(CipherKeys.generate());
    String printed = properties.toString();
    assertThat(printed)
        .doesNotContain(k1)
        .doesNotContain(k2)
        .doesNotContain(integrity)
        .doesNotContain(signing.signingKey())
        .doesNotContain(properties.getCipherKey());
  }
}
