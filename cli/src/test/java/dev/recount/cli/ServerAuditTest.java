package dev.recount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recount.CipherKeys;
import dev.recount.testing.DatabaseServer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code recount audit} and {@code inspect} on the PostgreSQL and MariaDB servers. The servers are
 * shared with every other build on the machine, whose stores may be half-written or tampered with
 * on purpose, so these tests name their own prefix rather than audit every store found.
 */
class ServerAuditTest {
  static Stream<DatabaseServer> servers() {
    return Stream.of(DatabaseServer.postgres(), DatabaseServer.mariadb());
  }

  private static Cli cli(DatabaseServer server) {
    return server.password() == null
        ? new Cli()
        : new Cli(Map.of("DB_PASSWORD", server.password()));
  }

  private static String[] args(DatabaseServer server, String prefix, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of(more));
    args.addAll(List.of("--url", server.url(), "--prefix", prefix));
    if (server.user() != null) {
      args.addAll(List.of("--user", server.user()));
    }
    return args.toArray(String[]::new);
  }

  @ParameterizedTest
  @MethodSource("servers")
  void anIntactStoreExitsZeroAndAFlippedByteIsNamed(DatabaseServer database) {
    DatabaseServer server = database.requireReachable();
    String prefix = DatabaseServer.newPrefix("cli_audit");
    try {
      String key = CipherKeys.generate();
      List<UUID> ids = Stores.write(server, prefix, 2, 3, 2, key);
      Cli cli = cli(server);

      assertThat(cli.run(args(server, prefix, "audit", "--json"))).isZero();
      JsonNode report = cli.json();
      assertThat(report.get("result").asText()).isEqualTo("intact");
      JsonNode store = report.get("stores").get(0);
      assertThat(store.get("prefix").asText()).isEqualTo(prefix);
      assertThat(store.get("aggregates").asLong()).isEqualTo(2);
      assertThat(store.get("events").asLong()).isEqualTo(8);
      assertThat(store.get("snapshots").asLong()).isEqualTo(4);

      Stores.flipEventByte(server, prefix, ids.get(1), 2);

      assertThat(cli.run(args(server, prefix, "audit", "--json"))).isEqualTo(ExitCodes.CORRUPT);
      JsonNode problem = cli.json().get("stores").get(0).get("problems").get(0);
      assertThat(problem.get("aggregateId").asText()).isEqualTo(ids.get(1).toString());
      assertThat(problem.get("version").asLong()).isEqualTo(2);

      // With the key, inspect decrypts the intact records of the other aggregate.
      Cli withKey = new Cli(
          server.password() == null
              ? Map.of("CIPHER_KEY", key)
              : Map.of("CIPHER_KEY", key, "DB_PASSWORD", server.password()));
      assertThat(withKey.run(args(server, prefix, "inspect", ids.get(0).toString(), "--json")))
          .isZero();
      JsonNode events = withKey.json().get("stores").get(0).get("events");
      assertThat(events.get(0).get("json").asText()).isEqualTo("{\"owner\":\"owner 0\"}");
      assertThat(events.get(3).get("encrypted").asBoolean()).isTrue();
    } finally {
      server.drop(prefix);
    }
  }
}
