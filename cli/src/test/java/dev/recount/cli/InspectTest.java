package dev.recount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recount.CipherKeys;
import dev.recount.Metadata;
import dev.recount.StoredEvent;
import dev.recount.testing.DatabaseServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recount inspect} in this JVM, on private in-memory H2 databases. */
class InspectTest {
  private DatabaseServer h2;

  @BeforeEach
  void open() {
    h2 = DatabaseServer.h2();
  }

  @AfterEach
  void close() {
    h2.drop("");
  }

  @Test
  void showsEachRecordAsStoredWithItsJsonWhenNotEncrypted() {
    UUID id = Stores.write(h2, "recount_", 1, 2, 2, null).get(0);
    StoredEvent first = storedEvents(id).get(0);
    Cli cli = new Cli();

    assertThat(cli.run("inspect", id.toString(), "--url", h2.url())).isZero();

    assertThat(cli.out())
        .contains("aggregate " + id + " in the store recount_: 3 events, 1 snapshot")
        .contains("event version 1\n  notification id  " + first.notificationId())
        .contains("  topic            dev.recount.cli.Ledger.Opened")
        .contains("  state            " + first.state().length + " bytes, not encrypted")
        .contains("  previous hash    -\n  hash             "
            + dev.recount.internal.Hex.encode(first.hash()))
        .contains("  json             {\"owner\":\"owner 0\"}")
        .contains("  json             {\"what\":\"entry 2\",\"cents\":200}")
        .contains("snapshot version 2")
        .contains("checks: every hash matches its record and the chain is unbroken");
  }

  @Test
  @SuppressWarnings("try") // the scope is only opened and closed
  void showsEachEventsMetadataDecryptedWithTheKeyAndFindsItChanged(@TempDir Path directory)
      throws Exception {
    String key = CipherKeys.generate();
    UUID id;
    try (Metadata.Scope scope =
        Metadata.scope(Metadata.empty().withCorrelationId("request-7").withPrincipal("alice"))) {
      id = Stores.write(h2, "recount_", 1, 1, 0, key).get(0);
    }
    Cli cli = new Cli();
    assertThat(cli.run("inspect", id.toString(), "--url", h2.url(), "--json")).isZero();
    JsonNode metadata = cli.json().get("stores").get(0).get("events").get(1).get("metadata");
    assertThat(metadata.get("encrypted").asBoolean()).isTrue();
    assertThat(metadata.get("json").isNull()).isTrue();
    assertThat(metadata.get("jsonUnavailable").asText()).startsWith("encrypted: give the key");

    Path keyFile = directory.resolve("key");
    Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
    assertThat(cli.run("inspect", id.toString(), "--url", h2.url(), "--key-file", "" + keyFile))
        .isZero();
    int bytes = storedEvents(id).get(1).metadata().length;
    assertThat(cli.out())
        .contains("  metadata         " + bytes + " bytes, encrypted:"
            + " {\"correlationId\":\"request-7\",\"principal\":\"alice\"}");

    // The metadata is part of the record's hash: a changed byte is corruption, found without the
    // key.
    Stores.flipEventByte(h2, "recount_", id, 2, "metadata");
    assertThat(cli.run("inspect", id.toString(), "--url", h2.url())).isEqualTo(1);
    assertThat(cli.out()).contains("checks: corrupt at version 2");
    assertThat(cli.run("audit", "--url", h2.url())).isEqualTo(1);
  }

  @Test
  void readsWithTheKeyringAndSaysForgottenForAShreddedAggregate() {
    String k1 = CipherKeys.generate();
    Map<String, String> environment = Stores.environment(h2, "recount_");
    environment.put("CIPHER_KEYS", "k1:" + k1);
    environment.put("CIPHER_KEY_ID", "k1");
    environment.put("SUBJECT_KEYS", "true");
    UUID kept;
    UUID forgotten;
    try (dev.recount.Application app =
        dev.recount.Application.builder().environment(environment).build()) {
      LedgerRepository repository = LedgerRepository.of(app);
      Ledger one = Ledger.open("owner kept");
      one.enter("entry 1", 100L);
      repository.save(one);
      Ledger two = Ledger.open("owner forgotten");
      repository.save(two);
      kept = one.id();
      forgotten = two.id();
      app.forget(forgotten);
    }
    Map<String, String> keyring = new java.util.HashMap<>(Map.of("DB_URL", h2.url()));
    keyring.put("CIPHER_KEYS", "k1:" + k1);
    keyring.put("CIPHER_KEY_ID", "k1");
    Cli cli = new Cli(keyring);

    assertThat(cli.run("inspect", kept.toString(), "--url", h2.url(), "--json")).isZero();
    assertThat(cli.json().get("stores").get(0).get("events").get(1).get("json").asText())
        .isEqualTo("{\"what\":\"entry 1\",\"cents\":100}");

    assertThat(cli.run("inspect", forgotten.toString(), "--url", h2.url(), "--json"))
        .isZero();
    JsonNode event = cli.json().get("stores").get(0).get("events").get(0);
    assertThat(event.get("json").isNull()).isTrue();
    assertThat(event.get("jsonUnavailable").asText())
        .startsWith("forgotten: the aggregate's own key was destroyed at ");
  }

  @Test
  void decryptsWithTheKeyAndOnlyWithIt(@TempDir Path directory) throws Exception {
    String key = CipherKeys.generate();
    UUID id = Stores.write(h2, "recount_", 1, 1, 0, key).get(0);
    Cli cli = new Cli();

    assertThat(cli.run("inspect", id.toString(), "--url", h2.url(), "--json")).isZero();
    JsonNode event = cli.json().get("stores").get(0).get("events").get(1);
    assertThat(event.get("encrypted").asBoolean()).isTrue();
    assertThat(event.get("json").isNull()).isTrue();
    assertThat(event.get("jsonUnavailable").asText()).startsWith("encrypted: give the key");

    Path keyFile = directory.resolve("key");
    Files.writeString(keyFile, key + "\n", StandardCharsets.UTF_8);
    assertThat(cli.run(
            "inspect",
            id.toString(),
            "--url",
            h2.url(),
            "--json",
            "--key-file",
            keyFile.toString()))
        .isZero();
    assertThat(cli.json().get("stores").get(0).get("events").get(1).get("json").asText())
        .isEqualTo("{\"what\":\"entry 1\",\"cents\":100}");

    Cli wrongKey = new Cli(Map.of("CIPHER_KEY", CipherKeys.generate()));
    assertThat(wrongKey.run("inspect", id.toString(), "--url", h2.url())).isZero();
    assertThat(wrongKey.out())
        .contains("(cannot be decoded: the event's stored state does not decrypt with the"
            + " configured CIPHER_KEY; its hash matches, so the stored data is intact");
  }

  @Test
  void namesTheFirstProblemOfATamperedAggregate() {
    UUID id = Stores.write(h2, "recount_", 1, 3, 0, null).get(0);
    Stores.flipEventByte(h2, "recount_", id, 2);
    Cli cli = new Cli();

    assertThat(cli.run("inspect", id.toString(), "--url", h2.url())).isEqualTo(ExitCodes.CORRUPT);
    assertThat(cli.out())
        .contains("checks: corrupt at version 2: the stored event does not match its hash");
  }

  @Test
  void anAggregateWithNoRecordsIsNotFound() {
    Stores.write(h2, "recount_", 1, 0, 0, null);
    UUID unknown = UUID.randomUUID();
    Cli cli = new Cli();

    assertThat(cli.run("inspect", unknown.toString(), "--url", h2.url()))
        .isEqualTo(ExitCodes.NOTHING_FOUND);
    assertThat(cli.err())
        .contains("no records of aggregate " + unknown + " at " + h2.url()
            + " (looked in the stores recount_)");

    assertThat(cli.run("inspect", "not-a-uuid", "--url", h2.url())).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void aBlankKeyOrAnUnreadableKeyFileIsAConfigurationError(@TempDir Path directory) {
    UUID id = Stores.write(h2, "recount_", 1, 0, 0, null).get(0);

    Cli blank = new Cli(Map.of("CIPHER_KEY", " "));
    assertThat(blank.run("inspect", id.toString(), "--url", h2.url()))
        .isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(blank.err()).contains("CIPHER_KEY: is set but blank");

    Cli cli = new Cli();
    Path missing = directory.resolve("no-key");
    assertThat(
            cli.run("inspect", id.toString(), "--url", h2.url(), "--key-file", missing.toString()))
        .isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err()).contains("could not read the key file " + missing);
  }

  private List<StoredEvent> storedEvents(UUID id) {
    try (dev.recount.Application app = dev.recount.Application.builder()
        .environment(Stores.environment(h2, "recount_"))
        .readOnly(true)
        .build()) {
      return app.storedEvents(id);
    }
  }
}
