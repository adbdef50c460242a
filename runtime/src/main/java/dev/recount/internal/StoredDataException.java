package dev.recount.internal;

/**
 * Stored JSON that does not have the shape the current code expects. The runtime wraps it in an
 * error that names the aggregate and version it was read for.
 */
public final class StoredDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoredDataException(String message) {
    super(message);
  }

  public StoredDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
