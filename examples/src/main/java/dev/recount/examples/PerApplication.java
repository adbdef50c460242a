package dev.recount.examples;

import dev.recount.Application;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** How the examples give each application of a system its own tables. */
public final class PerApplication {
  private PerApplication() {}

  /**
   * Each application's settings: the environment's, with a table prefix per application when
   * {@code DB_URI} is set ({@code TABLE_PREFIX}, default {@code recount_}, then the name and
   * {@code _}). Otherwise each application gets its own H2 database at {@code h2Url} with
   * {@code %s} replaced by its name (such as {@code jdbc:h2:tcp://127.0.0.1:9092/%s} or
   * {@code jdbc:h2:file:/tmp/system/%s;AUTO_SERVER=TRUE}), or a private in-memory one if
   * {@code h2Url} is null.
   */
  public static Function<String, Application.Builder> settings(
      Map<String, String> environment, String h2Url) {
    return name -> {
      Application.Builder builder = Application.builder().environment(environment);
      if (isSet(environment, "DB_URI")) {
        builder.tablePrefix(environment.getOrDefault("TABLE_PREFIX", "recount_").trim()
            + name.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_");
      } else if (h2Url != null) {
        builder.dbUri(h2Url.replace("%s", name));
      }
      return builder;
    };
  }

  /** Whether the variable has a non-blank value. */
  public static boolean isSet(Map<String, String> environment, String name) {
    String value = environment.get(name);
    return value != null && !value.isBlank();
  }
}
