package dev.recount.projection;

import java.util.regex.Pattern;

/**
 * One set of a projection's tables. A projection starts at generation 1; each
 * {@linkplain ProjectionRunner#rebuild() rebuild} fills the next one from the start of the log
 * while the current one keeps serving, and then switches readers over to it.
 *
 * @param number 1 for the first generation, then one more for each rebuild
 */
public record Generation(int number) {
  private static final Pattern BASE = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,50}");

  /** @throws IllegalArgumentException if {@code number} is less than 1 */
  public Generation {
    if (number < 1) {
      throw new IllegalArgumentException("generation " + number + " is not 1 or more");
    }
  }

  /**
   * The name of the table {@code base} in this generation: {@code base + "_g" + number}, such as
   * {@code world_history_g2}.
   *
   * @throws IllegalArgumentException if {@code base} is not a letter followed by up to 50 letters,
   *     digits or {@code _} (it goes into SQL unquoted)
   */
  public String table(String base) {
    if (!BASE.matcher(base).matches()) {
      throw new IllegalArgumentException(
          "table name '" + base + "' must be a letter followed by up to 50 letters, digits or '_'");
    }
    return base + "_g" + number;
  }
}
