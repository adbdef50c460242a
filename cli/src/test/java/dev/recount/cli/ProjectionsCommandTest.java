package dev.recount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recount.projection.ProjectionRunner;
import dev.recount.testing.DatabaseServer;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code recount projections} in this JVM, on private in-memory H2 databases. */
class ProjectionsCommandTest {
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
  void showsPositionHeadAndLagOfEachProjection() {
    Stores.write(h2, "recount_", 2, 3, 0, null);
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(h2.url());
    try (dev.recount.Application app = dev.recount.Application.builder()
        .environment(Stores.environment(h2, "recount_"))
        .build()) {
      ProjectionRunner runner =
          ProjectionRunner.builder(new LedgerTotals(), dataSource).follow(app).build();
      assertThat(runner.catchUp()).isEqualTo(6);
    }
    Stores.write(h2, "recount_", 1, 2, 0, null);
    Cli cli = new Cli();

    assertThat(cli.run("projections", "--url", h2.url())).isZero();
    assertThat(cli.out())
        .contains("ledger-totals generation 1 (live) segment 0 of 1")
        .contains("  position   8\n")
        .contains("  head       11\n")
        .contains("  lag        3 events, ")
        .contains("  last error none");

    assertThat(cli.run("projections", "--url", h2.url(), "--json")).isZero();
    JsonNode projection = cli.json().get("projections").get(0);
    assertThat(projection.get("projection").asText()).isEqualTo("ledger-totals");
    assertThat(projection.get("state").asText()).isEqualTo("live");
    assertThat(projection.get("position").asLong()).isEqualTo(8);
    assertThat(projection.get("head").asLong()).isEqualTo(11);
    assertThat(projection.get("lagEvents").asLong()).isEqualTo(3);
    assertThat(projection.get("lagMillis").asLong()).isGreaterThanOrEqualTo(0);
    assertThat(projection.has("lastError")).isFalse();
  }

  @Test
  void withoutAPositionsTableThereIsNothingToShow() {
    Stores.write(h2, "recount_", 1, 1, 0, null);
    Cli cli = new Cli();
    assertThat(cli.run("projections", "--url", h2.url())).isEqualTo(4);
    assertThat(cli.err()).contains("no projections table recount_projections");
  }
}
