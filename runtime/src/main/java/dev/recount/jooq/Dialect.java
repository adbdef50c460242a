package dev.recount.jooq;

import java.util.List;
import org.jooq.SQLDialect;

/**
 * The databases Recount stores events in, recognised from the JDBC URL, each with its jOOQ dialect
 * and the DDL of its tables ({@code docs/SCHEMA.md} shows it for teams whose DBAs create schemas).
 */
public enum Dialect {
  H2("jdbc:h2:", SQLDialect.H2, "org.h2.Driver") {
    @Override
    List<String> ddl(String p) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS \"" + p + "events\" ("
              + "\"notification_id\" BIGINT NOT NULL, "
              + "\"originator_id\" UUID NOT NULL, "
              + "\"originator_version\" BIGINT NOT NULL, "
              + "\"topic\" VARCHAR(255) NOT NULL, "
              + "\"timestamp_us\" BIGINT NOT NULL, "
              + "\"state\" VARBINARY NOT NULL, "
              + "\"previous_hash\" VARBINARY(32), "
              + "\"hash\" VARBINARY(32), "
              + "PRIMARY KEY (\"originator_id\", \"originator_version\"), "
              + "CONSTRAINT \"" + p + "events_notification_id\" UNIQUE (\"notification_id\"))",
          "CREATE INDEX IF NOT EXISTS \"" + p + "events_topic\" ON \"" + p + "events\" "
              + "(\"topic\", \"notification_id\")",
          "CREATE TABLE IF NOT EXISTS \"" + p + "snapshots\" ("
              + "\"originator_id\" UUID NOT NULL, "
              + "\"originator_version\" BIGINT NOT NULL, "
              + "\"topic\" VARCHAR(255) NOT NULL, "
              + "\"timestamp_us\" BIGINT NOT NULL, "
              + "\"fingerprint\" VARCHAR(64) NOT NULL, "
              + "\"state\" VARBINARY NOT NULL, "
              + "\"head\" VARBINARY(32), "
              + "\"hash\" VARBINARY(32), "
              + "PRIMARY KEY (\"originator_id\", \"originator_version\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "tracking\" ("
              + "\"application_name\" VARCHAR(255) NOT NULL, "
              + "\"upstream_name\" VARCHAR(255) NOT NULL, "
              + "\"notification_id\" BIGINT NOT NULL, "
              + "PRIMARY KEY (\"application_name\", \"upstream_name\", \"notification_id\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "lock\" (\"id\" INT NOT NULL PRIMARY KEY)",
          "MERGE INTO \"" + p + "lock\" (\"id\") KEY (\"id\") VALUES (1)");
    }
  },

  POSTGRES("jdbc:postgresql:", SQLDialect.POSTGRES, "org.postgresql.Driver") {
    @Override
    List<String> ddl(String p) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS \"" + p + "events\" ("
              + "\"notification_id\" BIGINT NOT NULL, "
              + "\"originator_id\" UUID NOT NULL, "
              + "\"originator_version\" BIGINT NOT NULL, "
              + "\"topic\" TEXT NOT NULL, "
              + "\"timestamp_us\" BIGINT NOT NULL, "
              + "\"state\" BYTEA NOT NULL, "
              + "\"previous_hash\" BYTEA, "
              + "\"hash\" BYTEA, "
              + "PRIMARY KEY (\"originator_id\", \"originator_version\"), "
              + "CONSTRAINT \"" + p + "events_notification_id\" UNIQUE (\"notification_id\"))",
          "CREATE INDEX IF NOT EXISTS \"" + p + "events_topic\" ON \"" + p + "events\" "
              + "(\"topic\", \"notification_id\")",
          "CREATE TABLE IF NOT EXISTS \"" + p + "snapshots\" ("
              + "\"originator_id\" UUID NOT NULL, "
              + "\"originator_version\" BIGINT NOT NULL, "
              + "\"topic\" TEXT NOT NULL, "
              + "\"timestamp_us\" BIGINT NOT NULL, "
              + "\"fingerprint\" TEXT NOT NULL, "
              + "\"state\" BYTEA NOT NULL, "
              + "\"head\" BYTEA, "
              + "\"hash\" BYTEA, "
              + "PRIMARY KEY (\"originator_id\", \"originator_version\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "tracking\" ("
              + "\"application_name\" TEXT NOT NULL, "
              + "\"upstream_name\" TEXT NOT NULL, "
              + "\"notification_id\" BIGINT NOT NULL, "
              + "PRIMARY KEY (\"application_name\", \"upstream_name\", \"notification_id\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "lock\" (\"id\" INT NOT NULL PRIMARY KEY)",
          "INSERT INTO \"" + p + "lock\" (\"id\") VALUES (1) ON CONFLICT DO NOTHING");
    }
  },

  MARIADB("jdbc:mariadb:", SQLDialect.MARIADB, "org.mariadb.jdbc.Driver") {
    @Override
    List<String> ddl(String p) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS `" + p + "events` ("
              + "`notification_id` BIGINT NOT NULL, "
              + "`originator_id` UUID NOT NULL, "
              + "`originator_version` BIGINT NOT NULL, "
              + "`topic` VARCHAR(255) NOT NULL, "
              + "`timestamp_us` BIGINT NOT NULL, "
              + "`state` LONGBLOB NOT NULL, "
              + "`previous_hash` VARBINARY(32), "
              + "`hash` VARBINARY(32), "
              + "PRIMARY KEY (`originator_id`, `originator_version`), "
              + "UNIQUE KEY `" + p + "events_notification_id` (`notification_id`), "
              + "KEY `" + p + "events_topic` (`topic`, `notification_id`)"
              + ") ENGINE=InnoDB",
          "CREATE TABLE IF NOT EXISTS `" + p + "snapshots` ("
              + "`originator_id` UUID NOT NULL, "
              + "`originator_version` BIGINT NOT NULL, "
              + "`topic` VARCHAR(255) NOT NULL, "
              + "`timestamp_us` BIGINT NOT NULL, "
              + "`fingerprint` VARCHAR(64) NOT NULL, "
              + "`state` LONGBLOB NOT NULL, "
              + "`head` VARBINARY(32), "
              + "`hash` VARBINARY(32), "
              + "PRIMARY KEY (`originator_id`, `originator_version`)"
              + ") ENGINE=InnoDB",
          "CREATE TABLE IF NOT EXISTS `" + p + "tracking` ("
              + "`application_name` VARCHAR(255) NOT NULL, "
              + "`upstream_name` VARCHAR(255) NOT NULL, "
              + "`notification_id` BIGINT NOT NULL, "
              + "PRIMARY KEY (`application_name`, `upstream_name`, `notification_id`)"
              + ") ENGINE=InnoDB",
          "CREATE TABLE IF NOT EXISTS `" + p + "lock` (`id` INT NOT NULL PRIMARY KEY) ENGINE=InnoDB",
          "INSERT IGNORE INTO `" + p + "lock` (`id`) VALUES (1)");
    }
  };

  final String urlPrefix;
  final SQLDialect sqlDialect;
  final String driverClassName;

  Dialect(String urlPrefix, SQLDialect sqlDialect, String driverClassName) {
    this.urlPrefix = urlPrefix;
    this.sqlDialect = sqlDialect;
    this.driverClassName = driverClassName;
  }

  /** The statements that create the tables (if missing) for table names starting {@code prefix}. */
  abstract List<String> ddl(String prefix);

  /** The DDL as one script, for documentation and DBAs. */
  public String script(String prefix) {
    return String.join(";\n", ddl(prefix)) + ";\n";
  }

  /** The dialect of a JDBC URL, or {@code null} if Recount does not support its database. */
  public static Dialect ofUrl(String jdbcUrl) {
    for (Dialect dialect : values()) {
      if (jdbcUrl.startsWith(dialect.urlPrefix)) {
        return dialect;
      }
    }
    return null;
  }
}
