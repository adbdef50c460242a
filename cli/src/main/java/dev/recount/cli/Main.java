package dev.recount.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** {@code java -jar recount.jar <command>}: runs one command and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    // The console's charset where there is one, so that names print as they were stored.
    Charset charset =
        System.console() != null ? System.console().charset() : Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
    System.exit(RecountCommand.commandLine(System.getenv(), out, err).execute(args));
  }
}
