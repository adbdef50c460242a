package dev.recount;

/** The root of the errors that Recount raises; each names what was wrong and where. */
public class RecountException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecountException(String message) {
    super(message);
  }

  public RecountException(String message, Throwable cause) {
    super(message, cause);
  }
}
