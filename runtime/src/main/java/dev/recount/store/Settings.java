package dev.recount.store;

import dev.recount.ConfigurationError;
import java.util.List;
import java.util.Map;

/**
 * The application's settings, read from environment variables and overridden by the builder.
 * Parsing happens here, once, so a bad value is reported with the name of its variable.
 */
record Settings(
    String dbUri,
    String dbUser,
    String dbPassword,
    Keyring keys,
    Compression compression,
    int snapshottingInterval,
    boolean hashChain,
    String tablePrefix,
    boolean createTables,
    int poolSize,
    boolean readOnly,
    int maxEventBytes,
    boolean acceptUnencrypted,
    boolean subjectKeys,
    IntegritySettings integrity,
    int aggregateCacheSize) {

  static final String DB_URI = "DB_URI";
  static final String DB_USER = "DB_USER";
  static final String DB_PASSWORD = "DB_PASSWORD";
  static final String CIPHER_KEY = Keyring.CIPHER_KEY;
  static final String CIPHER_KEYS = Keyring.CIPHER_KEYS;
  static final String CIPHER_KEY_ID = Keyring.CIPHER_KEY_ID;
  static final String COMPRESSOR = "COMPRESSOR";
  static final String SNAPSHOTTING_INTERVAL = "SNAPSHOTTING_INTERVAL";
  static final String HASH_CHAIN = "HASH_CHAIN";
  static final String TABLE_PREFIX = "TABLE_PREFIX";
  static final String CREATE_TABLES = "CREATE_TABLES";
  static final String DB_POOL_SIZE = "DB_POOL_SIZE";
  static final String READ_ONLY = "READ_ONLY";
  static final String MAX_EVENT_BYTES = "MAX_EVENT_BYTES";
  static final String ACCEPT_UNENCRYPTED = "ACCEPT_UNENCRYPTED";
  static final String SUBJECT_KEYS = "SUBJECT_KEYS";
  static final String AGGREGATE_CACHE_SIZE = "AGGREGATE_CACHE_SIZE";

  /**
   * The default of {@link #MAX_EVENT_BYTES}: 1 MiB of stored state (after compression and
   * encryption), well under MariaDB's default max_allowed_packet (16 MiB) even for a save of
   * several such events, and far more than an event, a fact about one change, should need.
   */
  static final int DEFAULT_MAX_EVENT_BYTES = 1 << 20;

  /** Every setting's variable name. */
  static final List<String> NAMES = names(
      DB_URI,
      DB_USER,
      DB_PASSWORD,
      CIPHER_KEY,
      CIPHER_KEYS,
      CIPHER_KEY_ID,
      SUBJECT_KEYS,
      COMPRESSOR,
      SNAPSHOTTING_INTERVAL,
      HASH_CHAIN,
      TABLE_PREFIX,
      CREATE_TABLES,
      DB_POOL_SIZE,
      READ_ONLY,
      MAX_EVENT_BYTES,
      ACCEPT_UNENCRYPTED,
      AGGREGATE_CACHE_SIZE);

  private static List<String> names(String... names) {
    List<String> all = new java.util.ArrayList<>(List.of(names));
    all.addAll(IntegritySettings.NAMES);
    return List.copyOf(all);
  }

  EventStore.Address address() {
    return new EventStore.Address(dbUri, dbUser, dbPassword, tablePrefix);
  }

  /**
   * An application given its own data source takes its connections from it: settings that would
   * open or size a pool of Recount's own are a mistake, not something to ignore.
   */
  static void checkNoConnectionSettings(Map<String, String> values) {
    for (String name : List.of(DB_URI, DB_USER, DB_PASSWORD, DB_POOL_SIZE)) {
      String value = values.get(name);
      if (value != null && !value.isBlank()) {
        throw new ConfigurationError(
            name,
            "is set, but the application was given a DataSource, which decides where to"
                + " connect and how many connections to keep; remove " + name
                + " (or give no DataSource)");
      }
    }
  }

  static Settings parse(Map<String, String> values) {
    Keyring keys = Keyring.parse(values);
    boolean subjectKeys = bool(values, SUBJECT_KEYS, false);
    if (subjectKeys && !keys.encrypts()) {
      throw new ConfigurationError(
          SUBJECT_KEYS,
          "is on, but no cipher key is set: each aggregate's own key is stored encrypted with the"
              + " application's key (CIPHER_KEY, or CIPHER_KEYS and CIPHER_KEY_ID)");
    }
    boolean hashChain = bool(values, HASH_CHAIN, true);
    return new Settings(
        blankToNull(values.get(DB_URI)),
        blankToNull(values.get(DB_USER)),
        values.get(DB_PASSWORD),
        keys,
        Compression.parse(COMPRESSOR, values.getOrDefault(COMPRESSOR, "")),
        integer(values, SNAPSHOTTING_INTERVAL, 0, 0, Integer.MAX_VALUE),
        hashChain,
        values.getOrDefault(TABLE_PREFIX, "recount_").trim(),
        bool(values, CREATE_TABLES, true),
        integer(values, DB_POOL_SIZE, 10, 1, 1000),
        bool(values, READ_ONLY, false),
        integer(values, MAX_EVENT_BYTES, DEFAULT_MAX_EVENT_BYTES, 1, 1 << 30),
        bool(values, ACCEPT_UNENCRYPTED, false),
        subjectKeys,
        IntegritySettings.parse(values, hashChain),
        integer(values, AGGREGATE_CACHE_SIZE, 0, 0, 1_000_000));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  static int integer(Map<String, String> values, String name, int fallback, int min, int max) {
    String value = blankToNull(values.get(name));
    if (value == null) {
      return fallback;
    }
    try {
      int parsed = Integer.parseInt(value);
      if (parsed < min || parsed > max) {
        throw new ConfigurationError(name, value + " is out of range " + min + ".." + max);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new ConfigurationError(name, "'" + value + "' is not a whole number", e);
    }
  }

  static boolean bool(Map<String, String> values, String name, boolean fallback) {
    String value = blankToNull(values.get(name));
    if (value == null) {
      return fallback;
    }
    switch (value.toLowerCase(java.util.Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
      case "1":
        return true;
      case "false":
      case "no":
      case "off":
      case "0":
        return false;
      default:
        throw new ConfigurationError(name, "'" + value + "' is not true or false");
    }
  }
}
