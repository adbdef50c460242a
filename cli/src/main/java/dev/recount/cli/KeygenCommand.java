package dev.recount.cli;

import dev.recount.CipherKeys;
import dev.recount.SigningKeys;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recount keygen}: a new cipher key. */
@Command(
    name = "keygen",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a new random AES-256 cipher key, or with --signing an Ed25519 key pair.",
      "",
      "Prints a new random AES-256 cipher key, base64, for CIPHER_KEY. Keep it secret and keep"
          + " it: without it nothing written with it can be read again.",
      "With --signing, prints a new Ed25519 pair instead: the signing key, secret, for the"
          + " SIGNING_KEY of the application that writes, and its verifying key, public, for"
          + " audit --public-key."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class KeygenCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--signing", description = "print an Ed25519 signing key pair instead")
  boolean signing;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (signing) {
      SigningKeys.Pair pair = SigningKeys.generate();
      out.println("signing key (SIGNING_KEY, secret): " + pair.signingKey());
      out.println("verifying key (public, for audit --public-key): " + pair.verifyingKey());
    } else {
      out.println(CipherKeys.generate());
    }
    out.flush();
    return ExitCodes.OK;
  }
}
