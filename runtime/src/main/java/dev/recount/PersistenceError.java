package dev.recount;

/**
 * The database could not do what was asked: it is unreachable, a connection broke, a statement
 * failed. A save that fails with it wrote nothing.
 */
public final class PersistenceError extends RecountException {
  private static final long serialVersionUID = 1L;

  public PersistenceError(String message, Throwable cause) {
    super(message + ": " + rootMessage(cause), cause);
  }

  private static String rootMessage(Throwable cause) {
    Throwable root = cause;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return message == null ? root.getClass().getSimpleName() : message;
  }
}
