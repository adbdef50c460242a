package dev.recount.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.jdbc.EventTableFactory;
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

  boolean isH2() {
    return url.startsWith("jdbc:h2:");
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
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      List<String> drops = new ArrayList<>();
      try (ResultSet tables = statement.executeQuery("SELECT tablename FROM pg_tables"
          + " WHERE schemaname = current_schema() AND tablename LIKE '" + PREFIX + "%'")) {
        while (tables.next()) {
          drops.add("DROP TABLE IF EXISTS \"" + tables.getString(1) + "\" CASCADE");
        }
      }
      try (ResultSet sequences = statement.executeQuery("SELECT sequencename FROM pg_sequences"
          + " WHERE schemaname = current_schema() AND sequencename LIKE '" + PREFIX + "%'")) {
        while (sequences.next()) {
          drops.add("DROP SEQUENCE IF EXISTS \"" + sequences.getString(1) + "\" CASCADE");
        }
      }
      for (String drop : drops) {
        statement.execute(drop);
      }
    }
  }
}
