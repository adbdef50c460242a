package dev.recount;

/**
 * The database could not do what was asked: it is unreachable, a connection broke, a statement
 * failed, or a record is larger than a limit. A save that fails with it wrote nothing, unless it is
 * the subclass {@link CommitOutcomeUnknown}.
 *
 * <p>The message is one line: what failed, where, and the database's reason, without the driver's
 * further lines (PostgreSQL's {@code Where:} context of PL/pgSQL, H2's SQL text); the driver's
 * exception stays in the cause chain.
 */
public class PersistenceError extends RecountException {
  private static final long serialVersionUID = 1L;

  public PersistenceError(String message, Throwable cause) {
    super(message + ": " + rootMessage(cause), cause);
  }

  /** An error Recount found itself, such as a limit, with no exception below it. */
  public PersistenceError(String message) {
    super(message);
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : oneLine(message);
  }

  /**
   * The first line of a driver's message, with PostgreSQL's {@code Detail:} and {@code Hint:} lines
   * appended (they say what to do); its {@code Where:} and {@code Position:} lines, and whatever
   * else follows, are left out, so that a log shows one line per error.
   */
  static String oneLine(String message) {
    String[] lines = message.strip().split("\\R");
    // H2 ends the line before the statement it quotes with this.
    StringBuilder line = new StringBuilder(lines[0].strip().replaceFirst("; SQL statement:$", ""));
    for (int i = 1; i < lines.length; i++) {
      String more = lines[i].strip();
      if (more.startsWith("Detail:") || more.startsWith("Hint:")) {
        line.append(" (").append(more).append(')');
      }
    }
    return line.toString();
  }
}
