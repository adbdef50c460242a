package dev.recount.internal;

/** An insert found an (originator id, version) already stored; the transaction rolled back. */
public final class RecordConflict extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RecordConflict(Throwable cause) {
    super("a record with the same originator id and version is already stored", cause);
  }
}
