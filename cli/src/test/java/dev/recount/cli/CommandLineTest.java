package dev.recount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** What every command says about itself, and the one that needs no database. */
class CommandLineTest {
  private final Cli cli = new Cli();

  @Test
  void everyCommandHasHelpThatListsTheExitCodes() {
    for (String[] command :
        new String[][] {{"--help"}, {"audit", "--help"}, {"inspect", "--help"}, {"keygen", "--help"}
        }) {
      assertThat(cli.run(command)).as(String.join(" ", command)).isZero();
      assertThat(cli.out())
          .as(String.join(" ", command))
          .contains("Usage: recount")
          .contains("Exit codes:")
          .contains("0   intact")
          .contains("1   corruption found")
          .contains("3   a setting or the database is wrong")
          .contains("4   nothing to check");
    }
    assertThat(cli.run("audit", "--help")).isZero();
    assertThat(cli.out()).contains("--json").contains("--prefix").contains("--url");
  }

  @Test
  void aWrongCommandLineIsAUsageError() {
    assertThat(cli.run()).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("no command given: name one of audit, inspect, keygen");
    assertThat(cli.run("audti")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.run("audit", "--jsn")).isEqualTo(ExitCodes.USAGE);
    assertThat(cli.err()).contains("Unknown option: '--jsn'");
  }

  @Test
  void keygenSigningPrintsAnEd25519PairWhoseHalvesBelongTogether() {
    assertThat(cli.run("keygen", "--signing")).isZero();
    String[] lines = cli.out().strip().split("\n");
    assertThat(lines).hasSize(2);
    String signing = lines[0].substring("signing key (SIGNING_KEY, secret): ".length());
    String verifying =
        lines[1].substring("verifying key (public, for audit --public-key): ".length());
    assertThat(dev.recount.SigningKeys.verifyingKeyOf(signing)).isEqualTo(verifying);
  }

  @Test
  void versionIsTheBuildsVersion() {
    assertThat(cli.run("--version")).isZero();
    assertThat(cli.out()).matches("recount \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\\s*");
  }

  @Test
  void keygenPrintsANewAes256Key() {
    assertThat(cli.run("keygen")).isZero();
    String first = cli.out().trim();
    assertThat(Base64.getDecoder().decode(first)).hasSize(32);
    assertThat(cli.run("keygen")).isZero();
    assertThat(cli.out().trim()).isNotEqualTo(first);
  }
}
