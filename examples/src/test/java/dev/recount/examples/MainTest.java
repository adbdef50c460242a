package dev.recount.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.CipherKeys;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The examples jar's commands, run as its main method runs them. */
class MainTest {
  @TempDir
  Path directory;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> environment, String... args) {
    out.reset();
    err.reset();
    return Main.run(
        args,
        environment,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void worldRunsTheSynopsisOnInMemoryH2() {
    assertThat(run(Map.of(), "world")).isZero();
    assertThat(out())
        .contains("created world")
        .contains("saved version 4")
        .contains("replayed history [dinosaurs, trucks, internet] (head matches: true)")
        .contains("at version 3 the history was [dinosaurs, trucks]")
        .contains("stale save refused")
        .contains("in plain JSON");
  }

  @Test
  void aSecondRunOnTheSameFileSeesWhatTheFirstStored() {
    Map<String, String> env = new HashMap<>();
    env.put("DB_URI", "jdbc:h2:file:" + directory.resolve("world"));
    env.put("CIPHER_KEY", CipherKeys.generate());

    assertThat(run(env, "world")).isZero();
    assertThat(out()).contains("created world").contains("encrypted (CIPHER_KEY is set)");
    assertThat(run(env, "world")).isZero();
    assertThat(out())
        .contains("found world")
        .contains("at version 4 with history" + " [dinosaurs, trucks, internet]")
        .contains("saved version 7");
  }

  @Test
  void verifyPointsToTheOperatorsTool() {
    assertThat(run(Map.of(), "verify")).isEqualTo(2);
    assertThat(err()).contains("java -jar cli/target/recount.jar audit");
  }

  @Test
  void aBadSettingIsAnErrorWithExitCode1() {
    assertThat(run(Map.of("DB_URI", "nonsense"), "world")).isEqualTo(1);
    assertThat(err()).startsWith("error: DB_URI: 'nonsense' is not a JDBC URL");
  }

  @Test
  void keygenPrintsAUsableKey() {
    assertThat(run(Map.of(), "keygen")).isZero();
    String key = out().strip();
    assertThat(run(Map.of("CIPHER_KEY", key), "world")).isZero();
  }

  /** MultiProcessRunnerTest runs the processes runner, its children started as the jar does. */
  @Test
  void ordersRunsInOneThreadAndInManyAndPrintsTheThroughput() {
    for (String runner : new String[] {"single", "threads"}) {
      assertThat(run(Map.of(), "orders", "--runner", runner, "--count", "10"))
          .as("%s: %s", runner, err())
          .isZero();
      assertThat(out())
          .contains("running the orders system with the " + runner + " runner")
          .contains("placed 10 orders in")
          .containsPattern("all 10 orders paid in \\d+ ms:" + " \\d+ orders/s");
    }
  }

  @Test
  void ordersNeedsARunner() {
    assertThat(run(Map.of(), "orders")).isEqualTo(2);
    assertThat(err()).contains("orders --runner single|threads|processes [--count N]");
    assertThat(run(Map.of(), "orders", "--runner", "single", "--count", "many")).isEqualTo(2);
    assertThat(err()).contains("--count must be a positive whole number, not 'many'");
  }

  @Test
  void bankOpensAccountsTransfersAndWelcomesEachCustomer() {
    assertThat(run(Map.of(), "bank")).isZero();
    assertThat(out())
        .contains("Alice has -20.00, Bob has 120.00")
        .contains("refused: insufficient funds")
        .contains("email to alice@example.com: Welcome, Alice")
        .contains("email to bob@example.com: Welcome, Bob");
  }

  @Test
  void anUnknownCommandPrintsTheUsage() {
    assertThat(run(Map.of(), "fly")).isEqualTo(2);
    assertThat(err()).contains("unknown command 'fly'").contains("usage:");
  }
}
