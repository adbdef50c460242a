package dev.recount.internal;

/**
 * A save's fence refused it: the lease it was made under was lost (expired and claimed by another
 * instance) before the save committed, so nothing of it was written.
 */
public final class FenceRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public FenceRefused(String message) {
    super(message);
  }
}
