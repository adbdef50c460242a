package dev.recount.examples.dcb.courses;

/** A command of {@link Courses} was refused by the rules; nothing was stored. */
public final class SubscriptionRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  SubscriptionRefused(String message) {
    super(message);
  }
}
