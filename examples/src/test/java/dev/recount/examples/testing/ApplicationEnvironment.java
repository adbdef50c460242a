package dev.recount.examples.testing;

import dev.recount.testing.ChildJvm;
import dev.recount.testing.DatabaseServer;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables an application reads its settings from ({@code DB_URI},
 * {@code TABLE_PREFIX}, ...), for applications in this JVM and in child JVMs.
 */
public final class ApplicationEnvironment {
  private ApplicationEnvironment() {}

  /** The settings of an application on {@code database} whose tables start with {@code prefix}. */
  public static Map<String, String> of(DatabaseServer database, String prefix) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DB_URI", database.url());
    if (database.user() != null) {
      environment.put("DB_USER", database.user());
    }
    if (database.password() != null) {
      environment.put("DB_PASSWORD", database.password());
    }
    environment.put("TABLE_PREFIX", prefix);
    return environment;
  }

  /**
   * Starts a JVM whose application settings are {@code environment} and nothing else: settings in
   * this JVM's own environment (a developer's {@code DB_URI}, say) would otherwise reach the child
   * and change what it does.
   */
  public static ChildJvm startJvm(
      String name, Map<String, String> environment, String mainClass, String... args) {
    return ChildJvm.start(
        name,
        variables -> {
          variables
              .keySet()
              .removeIf(key -> key.startsWith("DB_")
                  || key.equals("TABLE_PREFIX")
                  || key.startsWith("CIPHER_KEY")
                  || key.equals("SUBJECT_KEYS"));
          variables.putAll(environment);
        },
        mainClass,
        args);
  }
}
