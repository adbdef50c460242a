package dev.recount.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code recount}: the operator's tool; it only dispatches to its commands. */
@Command(
    name = "recount",
    mixinStandardHelpOptions = true,
    versionProvider = RecountCommand.Version.class,
    description = {
      "The operator's tool for Recount event stores: audit a store without its cipher key or the"
          + " application's classes, inspect one aggregate's records, make keys, show where"
          + " projections are.",
      "The database is --url and --user, or DB_URI, DB_USER and DB_PASSWORD."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class RecountCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    // No command given: say which there are.
    throw new CommandLine.ParameterException(
        spec.commandLine(), "no command given: name one of audit, inspect, keygen, projections");
  }

  /** The version the build wrote into {@code version.txt}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      try (InputStream in = RecountCommand.class.getResourceAsStream("version.txt")) {
        if (in == null) {
          throw new IOException("version.txt is missing from the jar");
        }
        return new String[] {new String(in.readAllBytes(), StandardCharsets.UTF_8).trim()};
      }
    }
  }

  /**
   * The command line with every command, reading settings from {@code environment} and writing to
   * {@code out} and {@code err}; {@link CommandLine#execute} returns the exit code.
   */
  static CommandLine commandLine(
      Map<String, String> environment, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new RecountCommand())
        .addSubcommand(new AuditCommand(environment))
        .addSubcommand(new InspectCommand(environment))
        .addSubcommand(new KeygenCommand())
        .addSubcommand(new ProjectionsCommand(environment));
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setExecutionExceptionHandler((exception, command, parseResult) -> {
      command.getErr().println("error: unexpected failure, please report it:");
      exception.printStackTrace(command.getErr());
      command.getErr().flush();
      return ExitCodes.INTERNAL;
    });
    for (CommandLine command : commandLine.getSubcommands().values()) {
      command.getCommandSpec().usageMessage().exitCodeList(ExitCodes.LIST);
    }
    commandLine.getCommandSpec().usageMessage().exitCodeList(ExitCodes.LIST);
    return commandLine;
  }
}
