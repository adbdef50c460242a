package dev.recount.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The database of a benchmark of a service's setup ({@link DataSourceBenchmark},
 * {@link ObservabilityBenchmark}): an H2 file in a fresh directory, PostgreSQL from
 * {@code BENCH_POSTGRES_URL} or MariaDB from {@code BENCH_MARIADB_URL}; each run's applications get
 * tables of their own under a stem, and {@link #cleanUp} drops them (or the H2 files) at the end.
 */
final class ServiceDatabase {
  final String name;
  final String url;
  final String user;
  final String password;
  private final Path h2Directory;
  private final List<String> stems = new ArrayList<>();

  private ServiceDatabase(String name, String url, String user, String password, Path h2) {
    this.name = name;
    this.url = url;
    this.user = user;
    this.password = password;
    this.h2Directory = h2;
  }

  /**
   * The databases the first argument names ({@code h2}, {@code postgres}, {@code mariadb} or
   * {@code all}, the default: H2 and PostgreSQL); exits with the usage line for anything else.
   */
  static List<ServiceDatabase> chosen(String[] args, String benchmark) throws IOException {
    String which = args.length == 0 ? "all" : args[0].toLowerCase(Locale.ROOT);
    List<ServiceDatabase> chosen = new ArrayList<>();
    if (which.equals("h2") || which.equals("all")) {
      chosen.add(h2(benchmark));
    }
    if (which.equals("postgres") || which.equals("all")) {
      chosen.add(postgres());
    }
    if (which.equals("mariadb")) {
      chosen.add(mariadb());
    }
    if (chosen.isEmpty()) {
      System.err.println("usage: " + benchmark + " [h2|postgres|mariadb|all]");
      System.exit(2);
    }
    return chosen;
  }

  /** The writer counts to run: {@code -Dbench.writers=1,4} (the default). */
  static int[] writerCounts() {
    return java.util.Arrays.stream(System.getProperty("bench.writers", "1,4").split(","))
        .mapToInt(count -> Integer.parseInt(count.trim()))
        .toArray();
  }

  private static ServiceDatabase h2(String benchmark) throws IOException {
    Path directory = Files.createTempDirectory("recount-" + benchmark);
    return new ServiceDatabase(
        "H2 (file, embedded)",
        "jdbc:h2:file:" + directory.resolve("bench") + ";DB_CLOSE_DELAY=-1"
            + System.getProperty("bench.h2Options", ""),
        "sa",
        "",
        directory);
  }

  private static ServiceDatabase postgres() {
    return new ServiceDatabase(
        "PostgreSQL",
        System.getenv().getOrDefault("BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"),
        System.getenv().getOrDefault("BENCH_POSTGRES_USER", "postgres"),
        System.getenv().getOrDefault("BENCH_POSTGRES_PASSWORD", ""),
        null);
  }

  private static ServiceDatabase mariadb() {
    return new ServiceDatabase(
        "MariaDB",
        System.getenv().getOrDefault("BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test"),
        System.getenv().getOrDefault("BENCH_MARIADB_USER", "root"),
        System.getenv().getOrDefault("BENCH_MARIADB_PASSWORD", ""),
        null);
  }

  /** A table stem of this run's own (its tables are dropped by {@link #cleanUp}). */
  String newStem(String benchmark) {
    String stem = benchmark + "_" + java.util.UUID.randomUUID().toString().substring(0, 6) + "_";
    stems.add(stem);
    return stem;
  }

  /** An application that opens its own pool of {@code size} connections, on tables of its own. */
  Application.Builder ownPool(String prefix, int size) {
    return Application.builder()
        .dbUri(url)
        .dbUser(user)
        .dbPassword(password)
        .tablePrefix(prefix)
        .poolSize(size);
  }

  /** A pool as a service would configure it: the size the application's own would have. */
  HikariDataSource pool(int size) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(size);
    String isolation = System.getProperty("bench.poolIsolation");
    if (isolation != null) {
      config.setTransactionIsolation(isolation);
    }
    return new HikariDataSource(config);
  }

  /** Drops this run's tables, sequences and functions (PostgreSQL) or deletes its files (H2). */
  void cleanUp() throws SQLException, IOException {
    if (h2Directory != null) {
      try (Connection connection = DriverManager.getConnection(url, user, password);
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      }
      try (Stream<Path> files = Files.walk(h2Directory)) {
        for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(file);
        }
      }
      return;
    }
    if (url.startsWith("jdbc:mariadb:")) {
      dropMariaDbTables();
      return;
    }
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      for (String stem : stems) {
        List<String> drops = new ArrayList<>();
        try (var rows = statement.executeQuery("SELECT 'TABLE', tablename FROM pg_tables"
            + " WHERE tablename LIKE '" + stem + "%' UNION ALL SELECT 'SEQUENCE', sequencename"
            + " FROM pg_sequences WHERE sequencename LIKE '" + stem + "%' UNION ALL SELECT"
            + " 'FUNCTION', proname FROM pg_proc WHERE proname LIKE '" + stem + "%'")) {
          while (rows.next()) {
            drops.add(
                "DROP " + rows.getString(1) + " IF EXISTS \"" + rows.getString(2) + "\" CASCADE");
          }
        }
        for (String drop : drops) {
          statement.execute(drop);
        }
      }
    }
  }

  private void dropMariaDbTables() throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      for (String stem : stems) {
        List<String> tables = new ArrayList<>();
        try (var rows = statement.executeQuery("SELECT table_name FROM information_schema.tables"
            + " WHERE table_schema = DATABASE() AND table_name LIKE '" + stem + "%'")) {
          while (rows.next()) {
            tables.add(rows.getString(1));
          }
        }
        for (String table : tables) {
          statement.execute("DROP TABLE IF EXISTS `" + table + "`");
        }
      }
    }
  }
}
