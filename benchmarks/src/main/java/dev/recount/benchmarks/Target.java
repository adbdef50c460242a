package dev.recount.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.MySqlEventTableFactory;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;

/** A database the benchmark runs on, and how to start it empty. */
record Target(
    String name,
    String url,
    String user,
    String password,
    String nextIdSql,
    EventTableFactory axonTables,
    Sizes sizes) {

  /** Every table and sequence the benchmark creates starts with this. */
  static final String PREFIX = "bench_";

  private static final Path H2_DIR =
      Path.of(System.getProperty("java.io.tmpdir"), "recount-bench-h2");

  static Target h2() {
    return new Target(
        "H2 2.3 (file, embedded)",
        "jdbc:h2:file:" + H2_DIR.resolve("bench") + ";DB_CLOSE_DELAY=-1"
            + System.getProperty("bench.h2Options", ""),
        "sa",
        "",
        "NEXT VALUE FOR \"%s\"",
        AxonH2Tables.INSTANCE,
        Sizes.H2.overridden());
  }

  static Target postgres() {
    String url =
        System.getenv().getOrDefault("BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    return new Target(
        "PostgreSQL (" + url.replaceFirst("^jdbc:postgresql://", "") + ")",
        url,
        System.getenv().getOrDefault("BENCH_POSTGRES_USER", "postgres"),
        System.getenv().getOrDefault("BENCH_POSTGRES_PASSWORD", ""),
        "nextval('\"%s\"')",
        PostgresEventTableFactory.INSTANCE,
        Sizes.POSTGRES.overridden());
  }

  /**
   * MariaDB, for the benchmarks that run on it ({@link DcbBenchmark}): the main harness does not,
   * since its raw JDBC contender quotes names with double quotes, so the sequence syntax and Axon's
   * MySQL tables here are only what would fit, never run.
   */
  static Target mariadb() {
    String url =
        System.getenv().getOrDefault("BENCH_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    return new Target(
        "MariaDB (" + url.replaceFirst("^jdbc:mariadb://", "") + ")",
        url,
        System.getenv().getOrDefault("BENCH_MARIADB_USER", "root"),
        System.getenv().getOrDefault("BENCH_MARIADB_PASSWORD", ""),
        "NEXT VALUE FOR `%s`",
        MySqlEventTableFactory.INSTANCE,
        Sizes.MARIADB.overridden());
  }

  boolean isH2() {
    return url.startsWith("jdbc:h2:");
  }

  boolean isMariaDb() {
    return url.startsWith("jdbc:mariadb:");
  }

  /** Drops what an earlier run left, so that every run starts from empty tables. */
  void reset() throws SQLException, IOException {
    if (isH2()) {
      if (Files.exists(H2_DIR)) {
        try (Stream<Path> files = Files.list(H2_DIR)) {
          for (Path file : files.toList()) {
            Files.delete(file);
          }
        }
      }
      return;
    }
    drop(PREFIX);
  }

  /**
   * Drops every table and sequence (not H2's), and on PostgreSQL every function, whose name starts
   * with {@code prefix}, in the connection's schema or database.
   */
  void drop(String prefix) throws SQLException {
    drop(url, user, password, prefix);
  }

  /** {@link #drop(String)} on a PostgreSQL or MariaDB database given by its URL. */
  static void drop(String url, String user, String password, String prefix) throws SQLException {
    // A parameter rather than a literal: MariaDB and PostgreSQL read backslashes in literals
    // differently, and the prefix's underscores must not match any character.
    String like = prefix.replace("_", "\\_") + "%";
    List<String> drops = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(url, user, password)) {
      if (url.startsWith("jdbc:mariadb:")) {
        try (PreparedStatement query = connection.prepareStatement("SELECT table_name, table_type"
            + " FROM information_schema.tables WHERE table_schema = DATABASE()"
            + " AND table_name LIKE ?")) {
          query.setString(1, like);
          try (ResultSet tables = query.executeQuery()) {
            while (tables.next()) {
              drops.add((tables.getString(2).equals("SEQUENCE") ? "DROP SEQUENCE" : "DROP TABLE")
                  + " IF EXISTS `" + tables.getString(1) + "`");
            }
          }
        }
      } else {
        try (PreparedStatement query = connection.prepareStatement("SELECT 'TABLE', tablename"
            + " FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE ?"
            + " UNION ALL SELECT 'SEQUENCE', sequencename FROM pg_sequences"
            + " WHERE schemaname = current_schema() AND sequencename LIKE ?"
            + " UNION ALL SELECT 'FUNCTION', proname FROM pg_proc"
            + " WHERE pronamespace = current_schema()::regnamespace AND proname LIKE ?")) {
          query.setString(1, like);
          query.setString(2, like);
          query.setString(3, like);
          try (ResultSet tables = query.executeQuery()) {
            while (tables.next()) {
              drops.add("DROP " + tables.getString(1) + " IF EXISTS \"" + tables.getString(2)
                  + "\" CASCADE");
            }
          }
        }
      }
      try (Statement statement = connection.createStatement()) {
        for (String drop : drops) {
          statement.execute(drop);
        }
      }
    }
  }
}
