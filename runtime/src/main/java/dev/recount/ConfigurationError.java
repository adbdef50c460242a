package dev.recount;

/** A setting (an environment variable or its builder equivalent) has a value that cannot work. */
public final class ConfigurationError extends RecountException {
  private static final long serialVersionUID = 1L;

  private final String setting;

  public ConfigurationError(String setting, String problem) {
    this(setting, problem, null);
  }

  public ConfigurationError(String setting, String problem, Throwable cause) {
    super(setting + ": " + problem, cause);
    this.setting = setting;
  }

  /** The name of the setting, as an environment variable ({@code DB_URI}, {@code CIPHER_KEY}). */
  public String setting() {
    return setting;
  }
}
