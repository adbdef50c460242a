package dev.recount.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.ConfigurationError;
import dev.recount.PersistenceError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad settings are errors that name the variable; an unreachable database names the URL. */
class ConfigurationTest {

  private static Application withEnvironment(Map<String, String> environment) {
    return Application.builder().environment(environment).build();
  }

  @Test
  void aMalformedDbUriNamesTheVariable() {
    assertThatThrownBy(() -> withEnvironment(Map.of("DB_URI", "postgres://localhost/x")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("DB_URI: 'postgres://localhost/x' is not a JDBC URL")
        .satisfies(e -> assertThat(((ConfigurationError) e).setting()).isEqualTo("DB_URI"));
  }

  @Test
  void anUnsupportedDatabaseNamesTheSupportedOnes() {
    assertThatThrownBy(() -> withEnvironment(Map.of("DB_URI", "jdbc:sqlite:x.db")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("jdbc:h2:, jdbc:postgresql: or jdbc:mariadb:");
  }

  @Test
  void anUnreachableDatabaseNamesTheUrlAndUserButNotThePassword() {
    assertThatThrownBy(() -> withEnvironment(Map.of(
            "DB_URI", "jdbc:postgresql://127.0.0.1:1/nothing",
            "DB_USER", "alice",
            "DB_PASSWORD", "s3cret")))
        .isInstanceOf(PersistenceError.class)
        .hasMessageContaining(
            "cannot connect to jdbc:postgresql://127.0.0.1:1/nothing as user" + " 'alice'")
        .hasMessageContaining("Connection refused")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void badNumbersAndFlagsNameTheirVariables() {
    assertThatThrownBy(() -> withEnvironment(Map.of("SNAPSHOTTING_INTERVAL", "often")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessage("SNAPSHOTTING_INTERVAL: 'often' is not a whole number");
    assertThatThrownBy(() -> withEnvironment(Map.of("SNAPSHOTTING_INTERVAL", "-1")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("SNAPSHOTTING_INTERVAL: -1 is out of range");
    assertThatThrownBy(() -> withEnvironment(Map.of("HASH_CHAIN", "maybe")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessage("HASH_CHAIN: 'maybe' is not true or false");
    assertThatThrownBy(() -> withEnvironment(Map.of("COMPRESSOR", "rar")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("COMPRESSOR: 'rar' is not a compressor");
    assertThatThrownBy(() -> withEnvironment(Map.of("TABLE_PREFIX", "drop table;")))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageStartingWith("TABLE_PREFIX: ");
  }

  @Test
  void theBuilderWinsOverTheEnvironment() {
    try (Application app = Application.builder()
        .environment(Map.of("DB_URI", "jdbc:nonsense"))
        .dbUri(null)
        .build()) {
      assertThat(app.log().maxId()).isZero();
    }
  }

  @Test
  void unsetMeansAPrivateInMemoryDatabase() {
    try (Application one = withEnvironment(Map.of());
        Application two = withEnvironment(Map.of())) {
      dev.recount.examples.world.WorldRepository.of(one)
          .save(dev.recount.examples.world.World.create());
      assertThat(one.log().maxId()).isEqualTo(1);
      assertThat(two.log().maxId()).isZero();
    }
  }
}
