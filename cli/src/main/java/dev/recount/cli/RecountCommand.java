package dev.recount.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code recount}: the operator's tool; it only dispatches to its commands. */
@Command(
    name = "recount",
    mixinStandardHelpOptions = true,
    version = "recount 0.1.0-SNAPSHOT",
    description = {
      "The operator's tool for Recount event stores: audit a store without its cipher key or the"
          + " application's classes, inspect one aggregate's records, make keys.",
      "The database is --url and --user, or DB_URI, DB_USER and DB_PASSWORD."
    },
    exitCodeListHeading = "%nExit codes:%n")
final class RecountCommand implements Runnable {
  @Spec
  CommandSpec spec;

  @Override
  public void run() {
    // No command given: say which there are.
    throw new CommandLine.ParameterException(spec.commandLine(), "name a command");
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
        .addSubcommand(new KeygenCommand());
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
