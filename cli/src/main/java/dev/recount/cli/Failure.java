package dev.recount.cli;

/** Ends a command with a message for the operator and the exit code that goes with it. */
final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int exitCode;

  Failure(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  Failure(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }
}
