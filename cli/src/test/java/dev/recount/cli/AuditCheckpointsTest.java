package dev.recount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recount.Application;
import dev.recount.Checkpoint;
import dev.recount.SigningKeys;
import dev.recount.testing.DatabaseServer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code recount audit --public-key}: the log checked against the checkpoints an application signed
 * with its {@code SIGNING_KEY}, with the verifying key alone.
 */
class AuditCheckpointsTest {
  private final SigningKeys.Pair keys = SigningKeys.generate();
  private DatabaseServer h2;
  private Cli cli;

  @BeforeEach
  void open() {
    h2 = DatabaseServer.h2();
    cli = new Cli();
  }

  @AfterEach
  void close() {
    h2.drop("");
  }

  /** Writes ledgers of two events each with the signing key, then signs a checkpoint of them. */
  private Checkpoint writeSigned(int ledgers, List<UUID> ids) {
    try (Application app = Application.builder()
        .environment(Stores.environment(h2, "recount_"))
        .signingKey(keys.signingKey())
        .build()) {
      LedgerRepository repository = LedgerRepository.of(app);
      for (int l = 0; l < ledgers; l++) {
        Ledger ledger = Ledger.open("owner " + l);
        ledger.enter("entry", 100);
        repository.save(ledger);
        ids.add(ledger.id());
      }
      return app.checkpoint().orElseThrow();
    }
  }

  @Test
  void signedCheckpointsProveTheWholeLogAndSayHowFarTheyReach() {
    List<UUID> ids = new ArrayList<>();
    Checkpoint checkpoint = writeSigned(3, ids);

    assertThat(cli.run("audit", "--url", h2.url(), "--public-key", keys.verifyingKey(), "--json"))
        .isZero();
    JsonNode checkpoints = cli.json().get("stores").get(0).get("checkpoints");
    assertThat(checkpoints.get("result").asText()).isEqualTo("verified");
    assertThat(checkpoints.get("upTo").asLong()).isEqualTo(checkpoint.upTo());
    assertThat(checkpoints.get("events").asLong()).isEqualTo(6);
    assertThat(checkpoints.get("lastNotificationId").asLong()).isEqualTo(checkpoint.upTo());

    assertThat(cli.run(
            "audit",
            "--url",
            h2.url(),
            "--public-key",
            keys.verifyingKey(),
            "--checkpoint",
            checkpoint.line()))
        .isZero();
    assertThat(cli.out())
        .contains("checkpoints: signed checkpoints prove every event up to notification id "
            + checkpoint.upTo() + " (6 events) present, unchanged and at its id, which is the"
            + " whole log")
        .contains("no signed checkpoint failed");

    // Events after the newest checkpoint are proven by their hashes and chains only.
    Stores.write(h2, "recount_", 1, 1, 0, null);
    assertThat(cli.run("audit", "--url", h2.url(), "--public-key", keys.verifyingKey()))
        .isZero();
    assertThat(cli.out())
        .contains("the log goes on to id " + (checkpoint.upTo() + 2) + ", and what comes after "
            + checkpoint.upTo() + " is checked by its hashes and chains only");
  }

  @Test
  void aDeletedLastEventPassesTheHashesButNotTheCheckpoints() {
    List<UUID> ids = new ArrayList<>();
    writeSigned(3, ids);
    long row = Stores.notificationId(h2, "recount_", ids.get(1), 2);
    h2.execute("DELETE FROM \"recount_events\" WHERE \"notification_id\" = " + row);

    // The aggregate's chain is intact, only shorter: the records alone cannot tell.
    assertThat(cli.run("audit", "--url", h2.url())).isZero();

    assertThat(cli.run("audit", "--url", h2.url(), "--public-key", keys.verifyingKey(), "--json"))
        .isEqualTo(ExitCodes.CORRUPT);
    JsonNode report = cli.json();
    assertThat(report.get("result").asText()).isEqualTo("corrupt");
    JsonNode checkpoints = report.get("stores").get(0).get("checkpoints");
    assertThat(checkpoints.get("result").asText()).isEqualTo("corrupt");
    assertThat(checkpoints.get("problem").get("notificationId").asLong()).isEqualTo(row);

    assertThat(cli.run("audit", "--url", h2.url(), "--public-key", keys.verifyingKey()))
        .isEqualTo(ExitCodes.CORRUPT);
    assertThat(cli.out())
        .contains("recount_: 3 aggregates, 5 events, 0 snapshots: the log fails its signed"
            + " checkpoints")
        .contains("  checkpoints: notification id " + row)
        .contains("corruption found against the signed checkpoints of 1 store")
        .doesNotContain("intact");
  }

  @Test
  void anotherKeyDoesNotVerifyTheCheckpoints() {
    writeSigned(1, new ArrayList<>());
    String other = SigningKeys.generate().verifyingKey();

    assertThat(cli.run("audit", "--url", h2.url(), "--public-key", other))
        .isEqualTo(ExitCodes.CORRUPT);
    assertThat(cli.out())
        .contains(
            "checkpoints: notification id 2: the checkpoint up to it was signed with the key");
  }

  @Test
  void aStoreWithoutCheckpointsSaysNothingIsProvenBeyondTheHashes() {
    Stores.write(h2, "recount_", 1, 1, 0, null);

    assertThat(cli.run("audit", "--url", h2.url(), "--public-key", keys.verifyingKey()))
        .isZero();
    assertThat(cli.out())
        .contains("checkpoints: none stored: nothing is proven beyond the hashes and chains");
  }

  @Test
  void anExportedLineThatNoStoredCheckpointReachesIsCorruption() {
    Checkpoint exported = writeSigned(2, new ArrayList<>());
    h2.execute("DELETE FROM \"recount_checkpoints\"");

    assertThat(cli.run(
            "audit",
            "--url",
            h2.url(),
            "--public-key",
            keys.verifyingKey(),
            "--checkpoint",
            exported.line()))
        .isEqualTo(ExitCodes.CORRUPT);
    assertThat(cli.out()).contains("checkpoints: notification id " + exported.upTo());
  }

  @Test
  void badKeysAndLinesAreConfigurationErrors() {
    Checkpoint checkpoint = writeSigned(1, new ArrayList<>());

    assertThat(cli.run("audit", "--url", h2.url(), "--public-key", "not a key"))
        .isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err()).contains("error: --public-key: not an Ed25519 verifying key");
    assertThat(cli.out()).isEmpty();

    assertThat(cli.run("audit", "--url", h2.url(), "--checkpoint", checkpoint.line()))
        .isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err()).contains("--checkpoint needs --public-key");

    assertThat(cli.run(
            "audit",
            "--url",
            h2.url(),
            "--public-key",
            keys.verifyingKey(),
            "--checkpoint",
            "nonsense"))
        .isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err()).contains("--checkpoint: ");
  }
}
