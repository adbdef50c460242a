package dev.recount.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where the store is, for every command that reads one: the options, or else the variables the
 * applications themselves read. The password is taken only from {@code DB_PASSWORD}, so that it
 * never shows in a process list or a shell's history.
 */
final class DatabaseOptions {
  @Option(
      names = {"-u", "--url"},
      paramLabel = "<jdbc-url>",
      description = "JDBC URL of the database: jdbc:h2:..., jdbc:postgresql://host:port/db or"
          + " jdbc:mariadb://host:port/db (default: $DB_URI)")
  String url;

  @Option(
      names = "--user",
      paramLabel = "<user>",
      description = "database user (default: $DB_USER); the password is read from $DB_PASSWORD")
  String user;

  @Option(
      names = {"-p", "--prefix"},
      paramLabel = "<prefix>",
      description = "the table prefix of one store, such as recount_ (default: every prefix"
          + " whose <prefix>events and <prefix>snapshots tables have Recount's columns)")
  String prefix;

  /** Connects, taking what the options leave open from {@code environment}. */
  Database connect(Map<String, String> environment) {
    String resolvedUrl = url != null ? url : blankToNull(environment.get("DB_URI"));
    if (resolvedUrl == null) {
      throw new Failure(
          ExitCodes.CONFIGURATION,
          "no database: give --url <jdbc-url> or set DB_URI (the tool never audits a fresh"
              + " in-memory database)");
    }
    String resolvedUser = user != null ? user : blankToNull(environment.get("DB_USER"));
    return Database.connect(resolvedUrl, resolvedUser, environment.get("DB_PASSWORD"));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
