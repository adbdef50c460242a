package dev.recount.examples.dcb;

import dev.recount.dcb.AppendConditionFailed;
import java.util.function.Supplier;

/**
 * Runs a command again, from a new read, when another writer's append changed the events it decided
 * on: the append then failed and wrote nothing, so deciding again on fresh events is safe.
 */
public final class DecideAgain {
  /** How often a command is decided before the conflict is given to the caller. */
  public static final int ATTEMPTS = 50;

  private DecideAgain() {}

  /**
   * What {@code command} returns, run up to {@link #ATTEMPTS} times while its append fails.
   *
   * @throws AppendConditionFailed if the last attempt failed too
   */
  public static <T> T onConflict(Supplier<T> command) {
    for (int attempt = 1; ; attempt++) {
      try {
        return command.get();
      } catch (AppendConditionFailed e) {
        if (attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }
}
