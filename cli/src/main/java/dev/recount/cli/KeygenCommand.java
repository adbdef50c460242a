package dev.recount.cli;

import dev.recount.CipherKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code recount keygen}: a new cipher key. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a new random AES-256 cipher key.",
      "",
      "Prints a new random AES-256 cipher key, base64, for CIPHER_KEY. Keep it secret and keep"
          + " it: without it nothing written with it can be read again."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class KeygenCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().println(CipherKeys.generate());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
