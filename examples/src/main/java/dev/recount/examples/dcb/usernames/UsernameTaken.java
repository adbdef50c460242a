package dev.recount.examples.dcb.usernames;

/** A command of {@link Accounts} was refused by the rules; nothing was stored. */
public final class UsernameTaken extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsernameTaken(String message) {
    super(message);
  }
}
