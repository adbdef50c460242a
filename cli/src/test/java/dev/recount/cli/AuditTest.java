package dev.recount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recount.CipherKeys;
import dev.recount.testing.DatabaseServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recount audit} in this JVM, on private in-memory H2 databases, so that the catalog holds
 * only what each test wrote.
 */
class AuditTest {
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

  @Test
  void anIntactStoreExitsZeroAndCountsWhatItChecked() {
    Stores.write(h2, "recount_", 3, 4, 2, null);

    assertThat(cli.run("audit", "--url", h2.url(), "--json")).isZero();

    JsonNode report = cli.json();
    assertThat(report.get("result").asText()).isEqualTo("intact");
    assertThat(report.get("exitCode").asInt()).isZero();
    JsonNode store = report.get("stores").get(0);
    assertThat(store.get("prefix").asText()).isEqualTo("recount_");
    assertThat(store.get("aggregates").asLong()).isEqualTo(3);
    assertThat(store.get("events").asLong()).isEqualTo(15);
    assertThat(store.get("snapshots").asLong()).isEqualTo(6);
    assertThat(store.get("problems")).isEmpty();
    assertThat(report.get("totals").get("events").asLong()).isEqualTo(15);

    assertThat(cli.run("audit", "--url", h2.url())).isZero();
    assertThat(cli.out())
        .contains("recount_: 3 aggregates, 15 events, 6 snapshots: intact")
        .contains("audited 1 store at " + h2.url() + ": 3 aggregates, 15 events, 6 snapshots:"
            + " every hash matches its record and every chain is unbroken")
        .doesNotContain("corrupt");
  }

  @Test
  void aFlippedByteIsCorruptionNamedByAggregateAndVersion() {
    List<UUID> ids = Stores.write(h2, "recount_", 3, 4, 0, null);
    UUID tampered = ids.get(1);
    Stores.flipEventByte(h2, "recount_", tampered, 3);

    assertThat(cli.run("audit", "--url", h2.url())).isEqualTo(ExitCodes.CORRUPT);
    String line = "aggregate " + tampered + " version 3: the stored event does not match its hash";
    assertThat(cli.out())
        // Versions 4 and 5 of the corrupt aggregate come after its problem: not checked.
        .contains("recount_: 3 aggregates, 13 events, 0 snapshots: 1 of 3 aggregates corrupt")
        .contains("  " + line)
        .contains("corruption found in 1 aggregate")
        .doesNotContain("intact");
    // The aggregate and version are said once, not once per layer that reported them.
    assertThat(cli.out().split("aggregate " + tampered, -1)).hasSize(2);

    assertThat(cli.run("audit", "--url", h2.url(), "--json")).isEqualTo(ExitCodes.CORRUPT);
    JsonNode report = cli.json();
    assertThat(report.get("result").asText()).isEqualTo("corrupt");
    JsonNode problem = report.get("stores").get(0).get("problems").get(0);
    assertThat(problem.get("aggregateId").asText()).isEqualTo(tampered.toString());
    assertThat(problem.get("version").asLong()).isEqualTo(3);
    assertThat(problem.get("problem").asText())
        .startsWith("the stored event does not match its hash");
  }

  @Test
  void goesOnPastACorruptAggregateAndNamesEach() {
    List<UUID> ids = Stores.write(h2, "recount_", 4, 3, 0, null);
    Stores.flipEventByte(h2, "recount_", ids.get(0), 2);
    Stores.flipEventByte(h2, "recount_", ids.get(3), 4);

    assertThat(cli.run("audit", "--url", h2.url(), "--json")).isEqualTo(ExitCodes.CORRUPT);

    JsonNode store = cli.json().get("stores").get(0);
    assertThat(store.get("aggregates").asLong()).isEqualTo(4);
    assertThat(store.get("corruptAggregates").asLong()).isEqualTo(2);
    assertThat(store.get("problems").findValuesAsText("aggregateId"))
        .containsExactlyInAnyOrder(ids.get(0).toString(), ids.get(3).toString());
  }

  @Test
  void aSnapshotEditedWithSqlIsCaughtByItsHash() {
    List<UUID> ids = Stores.write(h2, "recount_", 1, 3, 2, null);
    h2.execute("UPDATE \"recount_snapshots\" SET \"timestamp_us\" = \"timestamp_us\" + 1"
        + " WHERE \"originator_version\" = 2");

    assertThat(cli.run("audit", "--url", h2.url())).isEqualTo(ExitCodes.CORRUPT);
    assertThat(cli.out())
        .contains("aggregate " + ids.get(0) + " version 2: the stored snapshot does not match"
            + " its hash");
  }

  @Test
  void aDeletedEventIsAMissingVersion() {
    List<UUID> ids = Stores.write(h2, "recount_", 2, 3, 0, null);
    long row = Stores.notificationId(h2, "recount_", ids.get(0), 2);
    h2.execute("DELETE FROM \"recount_events\" WHERE \"notification_id\" = " + row);

    assertThat(cli.run("audit", "--url", h2.url())).isEqualTo(ExitCodes.CORRUPT);
    assertThat(cli.out())
        .contains("aggregate " + ids.get(0) + " version 2: the event at version 2 is missing"
            + " (found version 3 next)");
  }

  @Test
  void aDeletedLastEventUnderASnapshotLeavesTheSnapshotBeyondTheEvents() {
    // Deleting an aggregate's last events leaves an intact, shorter chain: only a snapshot (or a
    // trusted head, or a signed checkpoint) at a deleted version gives it away.
    List<UUID> ids = Stores.write(h2, "recount_", 3, 3, 2, null);
    for (UUID id : ids.subList(0, 2)) {
      long row = Stores.notificationId(h2, "recount_", id, 4);
      h2.execute("DELETE FROM \"recount_events\" WHERE \"notification_id\" = " + row);
    }

    assertThat(cli.run("audit", "--url", h2.url())).isEqualTo(ExitCodes.CORRUPT);
    for (UUID id : ids.subList(0, 2)) {
      assertThat(cli.out())
          .contains("aggregate " + id + " version 4: the snapshot is beyond the aggregate's last"
              + " event (version 3)");
    }
    assertThat(cli.out()).contains("2 of 3 aggregates corrupt");
  }

  @Test
  void aSnapshotWithoutEventsIsNamed() {
    Stores.write(h2, "recount_", 2, 1, 0, null);
    UUID orphan = Stores.write(h2, "recount_", 1, 1, 2, null).get(0);
    h2.execute("DELETE FROM \"recount_events\" WHERE \"originator_id\" = '" + orphan + "'");

    assertThat(cli.run("audit", "--url", h2.url())).isEqualTo(ExitCodes.CORRUPT);
    assertThat(cli.out())
        .contains("aggregate " + orphan + " version 2: the snapshot has no event at its version")
        .contains("1 of 2 aggregates corrupt");
  }

  @Test
  void anEncryptedStoreIsAuditedWithoutItsKey() {
    String key = CipherKeys.generate();
    Stores.write(h2, "recount_", 2, 3, 2, key);

    // CIPHER_KEY is not given to the tool at all.
    assertThat(cli.run("audit", "--url", h2.url(), "--json")).isZero();

    JsonNode store = cli.json().get("stores").get(0);
    assertThat(store.get("events").asLong()).isEqualTo(8);
    assertThat(store.get("snapshots").asLong()).isEqualTo(4);
    assertThat(store.get("unencryptedRecords").asLong()).isZero();
  }

  @Test
  void recordsWithoutEncryptionAmongEncryptedOnesAreCounted() {
    String key = CipherKeys.generate();
    Stores.write(h2, "recount_", 1, 2, 0, key);
    Stores.write(h2, "recount_", 1, 2, 0, null);

    assertThat(cli.run("audit", "--url", h2.url())).isZero();
    assertThat(cli.out())
        .contains("note: 3 of 6 records are stored without encryption while the others are"
            + " encrypted");
  }

  @Test
  void findsEveryStoreInTheDatabaseAndSkipsLookalikes() {
    Stores.write(h2, "recount_", 1, 2, 0, null);
    Stores.write(h2, "bank_", 2, 1, 0, null);
    Stores.write(h2, "orders_", 1, 0, 0, null);
    h2.execute("CREATE TABLE \"audit_events\" (\"id\" INT)");
    // Columns Recount does not know do not make a store unrecognisable.
    h2.execute("ALTER TABLE \"orders_events\" ADD COLUMN \"note\" VARCHAR(20)");

    assertThat(cli.run("audit", "--url", h2.url(), "--json")).isZero();

    JsonNode report = cli.json();
    assertThat(report.get("stores").findValuesAsText("prefix"))
        .containsExactly("bank_", "orders_", "recount_");
    assertThat(report.get("totals").get("aggregates").asLong()).isEqualTo(4);
    assertThat(report.get("totals").get("events").asLong()).isEqualTo(8);
    JsonNode skipped = report.get("skippedTables").get(0);
    assertThat(skipped.get("table").asText()).isEqualTo("audit_events");
    assertThat(skipped.get("reason").asText()).contains("lacks Recount's columns");

    assertThat(cli.run("audit", "--url", h2.url(), "--prefix", "bank_", "--json"))
        .isZero();
    assertThat(cli.json().get("stores").findValuesAsText("prefix")).containsExactly("bank_");
  }

  @Test
  void anEmptyDatabaseHasNoRecountTablesRatherThanIntactChains() {
    assertThat(cli.run("audit", "--url", h2.url())).isEqualTo(ExitCodes.NOTHING_FOUND);
    assertThat(cli.out())
        .startsWith("no Recount tables found at " + h2.url())
        .contains("nothing was checked")
        .doesNotContain("intact");

    assertThat(cli.run("audit", "--url", h2.url(), "--json")).isEqualTo(ExitCodes.NOTHING_FOUND);
    assertThat(cli.json().get("result").asText()).isEqualTo("no-tables");
  }

  @Test
  void aPrefixWithoutTablesIsAConfigurationError() {
    Stores.write(h2, "recount_", 1, 0, 0, null);

    assertThat(cli.run("audit", "--url", h2.url(), "--prefix", "recount"))
        .isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err())
        .contains("no Recount tables with the prefix 'recount'")
        .contains("prefixes found: recount_");
  }

  @Test
  void aBadUrlIsAConfigurationErrorAndStillJsonWithJson(@TempDir Path directory) {
    assertThat(cli.run("audit", "--url", "postgres://nowhere/db"))
        .isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err()).contains("'postgres://nowhere/db' is not a JDBC URL");

    assertThat(cli.run("audit", "--url", "jdbc:nosuchdb://x/y")).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err()).contains("could not connect to jdbc:nosuchdb://x/y");

    // A database file that is not there is not created, then reported empty.
    String missing = "jdbc:h2:file:" + directory.resolve("nothing-here");
    assertThat(cli.run("audit", "--url", missing, "--json")).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.json().get("result").asText()).isEqualTo("error");
    assertThat(cli.json().get("error").asText()).contains("could not connect to " + missing);
    assertThat(directory.toFile().list()).isEmpty();

    assertThat(new Cli().run("audit")).isEqualTo(ExitCodes.CONFIGURATION);
  }

  @Test
  void readsTheDatabaseFromTheEnvironment() {
    Stores.write(h2, "recount_", 1, 1, 0, null);
    Cli fromEnvironment = new Cli(Map.of("DB_URI", h2.url()));

    assertThat(fromEnvironment.run("audit")).isZero();
    assertThat(fromEnvironment.out()).contains("recount_: 1 aggregate, 2 events, 0 snapshots");
  }

  @Test
  void neverPrintsAPasswordWrittenIntoTheUrl() {
    // Nothing listens on port 1: the connection is refused at once.
    String url = "jdbc:postgresql://127.0.0.1:1/test?user=auditor&password=secret";

    assertThat(cli.run("audit", "--url", url)).isEqualTo(ExitCodes.CONFIGURATION);
    assertThat(cli.err())
        .contains(
            "could not connect to jdbc:postgresql://127.0.0.1:1/test?user=auditor&password=***")
        .doesNotContain("secret");
  }

  @Test
  void progressGoesToStderrAndNeverIntoTheJson() {
    // Progress is told after each page of 1,000 events.
    Stores.write(h2, "recount_", 3, 399, 0, null);

    assertThat(cli.run("audit", "--url", h2.url(), "--json", "--progress-seconds", "0"))
        .isZero();
    assertThat(cli.err())
        .contains("recount_: 1,000 of 1,200 events checked (83%)")
        .contains("recount_: 1,200 of 1,200 events checked (100%)");
    assertThat(cli.json().get("result").asText()).isEqualTo("intact");

    assertThat(cli.run("audit", "--url", h2.url(), "--quiet", "--progress-seconds", "0"))
        .isZero();
    assertThat(cli.err()).isEmpty();
  }
}
