package dev.recount.examples.testing;

import dev.recount.testing.DatabaseServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The PostgreSQL server of {@link DatabaseServer#postgres()}, for tests of whole systems on it. A
 * test that needs it is skipped when it cannot be reached, unless {@code CI=true}: then it fails.
 */
public final class Postgres {
  private static final DatabaseServer SERVER = DatabaseServer.postgres();

  private Postgres() {}

  /** Skips the calling test (fails it when {@code CI=true}) if PostgreSQL does not answer. */
  public static void assumeReachable() {
    SERVER.requireReachable();
  }

  /**
   * A table prefix no other test run uses, such as {@code recproc_1a2b3c4d_}; see
   * {@link DatabaseServer#newPrefix} for the stems to avoid.
   */
  public static String uniquePrefix(String stem) {
    return DatabaseServer.newPrefix(stem);
  }

  /** The environment of an application on this server, its tables starting with {@code prefix}. */
  public static Map<String, String> environment(String prefix) {
    Map<String, String> environment = new HashMap<>(ApplicationEnvironment.of(SERVER, prefix));
    environment.put("DB_POOL_SIZE", "4");
    return environment;
  }

  /** Drops every table (and sequence and function) whose name starts with {@code prefix}. */
  public static void dropTables(String prefix) {
    SERVER.drop(prefix);
  }

  /** Reads one number. */
  public static long count(String sql) {
    return SERVER.queryLong(sql);
  }
}
