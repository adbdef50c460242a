package dev.recount.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every command, as {@code --help} and docs/CLI.md list them. */
final class ExitCodes {
  /** Everything checked is intact (or the command did what it was asked). */
  static final int OK = 0;

  /** Corruption found: at least one record failed a check; the report names each. */
  static final int CORRUPT = 1;

  /** The command line is wrong: an unknown option, a missing or malformed argument. */
  static final int USAGE = 2;

  /**
   * A setting or the database is wrong: no URL, a malformed one, an unreachable database, refused
   * credentials, a prefix without Recount's tables, an unreadable key file.
   */
  static final int CONFIGURATION = 3;

  /** Nothing to check: no Recount tables in the database, or no records of the aggregate. */
  static final int NOTHING_FOUND = 4;

  /** A failure the tool did not expect (a bug): the stack trace is printed. */
  static final int INTERNAL = 5;

  /** The list {@code --help} prints: code to meaning. */
  static final Map<String, String> LIST = list();

  private static Map<String, String> list() {
    Map<String, String> list = new LinkedHashMap<>();
    list.put(" " + OK, "intact: every record checked passed (or the command did its work)");
    list.put(" " + CORRUPT, "corruption found: the report names each aggregate and version");
    list.put(" " + USAGE, "the command line is wrong");
    list.put(
        " " + CONFIGURATION,
        "a setting or the database is wrong: URL, connection, credentials, prefix, key");
    list.put(" " + NOTHING_FOUND, "nothing to check: no Recount tables, or no such aggregate");
    list.put(" " + INTERNAL, "an unexpected failure (a bug; the stack trace is printed)");
    return Collections.unmodifiableMap(list);
  }

  private ExitCodes() {}
}
