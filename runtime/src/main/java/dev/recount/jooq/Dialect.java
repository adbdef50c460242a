package dev.recount.jooq;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.SQLDialect;

/**
 * The databases Recount stores events in, recognised from the JDBC URL, each with its jOOQ dialect
 * and the DDL of its tables ({@code docs/DATABASES.md} shows it for teams whose DBAs create
 * schemas, and says why each database orders notifications the way it does).
 */
enum Dialect {
  /**
   * H2 2.x, embedded or over TCP. Writers take turns on a row lock while they assign notification
   * ids and commit.
   */
  H2("jdbc:h2:", SQLDialect.H2, "org.h2.Driver", 2, 2, Ordering.LOCKED_COMMITS) {
    @Override
    List<String> ddl(String p) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS \"" + p + "events\" (\n"
              + "  \"notification_id\" BIGINT NOT NULL,\n"
              + "  \"originator_id\" UUID NOT NULL,\n"
              + "  \"originator_version\" BIGINT NOT NULL,\n"
              + "  \"topic\" VARCHAR(255) NOT NULL,\n"
              + "  \"timestamp_us\" BIGINT NOT NULL,\n"
              + "  \"state\" VARBINARY NOT NULL,\n"
              + "  \"previous_hash\" VARBINARY(32),\n"
              + "  \"hash\" VARBINARY(32),\n"
              + "  \"metadata\" VARBINARY,\n"
              + "  PRIMARY KEY (\"notification_id\"),\n"
              + "  CONSTRAINT \"" + p + "events_version\"\n"
              + "    UNIQUE (\"originator_id\", \"originator_version\"))",
          "CREATE INDEX IF NOT EXISTS \"" + p + "events_topic\"\n" + "  ON \"" + p
              + "events\" (\"topic\", \"notification_id\")",
          "CREATE TABLE IF NOT EXISTS \"" + p + "snapshots\" (\n"
              + "  \"originator_id\" UUID NOT NULL,\n"
              + "  \"originator_version\" BIGINT NOT NULL,\n"
              + "  \"topic\" VARCHAR(255) NOT NULL,\n"
              + "  \"timestamp_us\" BIGINT NOT NULL,\n"
              + "  \"fingerprint\" VARCHAR(64) NOT NULL,\n"
              + "  \"state\" VARBINARY NOT NULL,\n"
              + "  \"head\" VARBINARY(32),\n"
              + "  \"hash\" VARBINARY(32),\n"
              + "  PRIMARY KEY (\"originator_id\", \"originator_version\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "tracking\" (\n"
              + "  \"application_name\" VARCHAR(255) NOT NULL,\n"
              + "  \"upstream_name\" VARCHAR(255) NOT NULL,\n"
              + "  \"notification_id\" BIGINT NOT NULL,\n"
              + "  PRIMARY KEY (\"application_name\", \"upstream_name\", \"notification_id\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "checkpoints\" (\n"
              + "  \"up_to\" BIGINT NOT NULL,\n"
              + "  \"after_id\" BIGINT NOT NULL,\n"
              + "  \"events\" BIGINT NOT NULL,\n"
              + "  \"chain\" VARBINARY(32) NOT NULL,\n"
              + "  \"timestamp_us\" BIGINT NOT NULL,\n"
              + "  \"key_id\" VARCHAR(64) NOT NULL,\n"
              + "  \"signature\" VARBINARY(64) NOT NULL,\n"
              + "  \"witness\" VARBINARY NOT NULL,\n"
              + "  PRIMARY KEY (\"up_to\"),\n"
              + "  CONSTRAINT \"" + p + "checkpoints_after\" UNIQUE (\"after_id\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "lock\" (\"id\" INT NOT NULL PRIMARY KEY)",
          "MERGE INTO \"" + p + "lock\" (\"id\") KEY (\"id\") VALUES (1)");
    }
  },

  /**
   * PostgreSQL 13 or later. Writers do not wait for each other's commits: each holds an advisory
   * lock on its block of ids until it ends, and readers see only ids below the oldest such block.
   */
  POSTGRES(
      "jdbc:postgresql:",
      SQLDialect.POSTGRES,
      "org.postgresql.Driver",
      13,
      0,
      Ordering.IN_FLIGHT_BLOCKS) {
    @Override
    List<String> ddl(String p) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS \"" + p + "events\" (\n"
              + "  \"notification_id\" BIGINT NOT NULL,\n"
              + "  \"originator_id\" UUID NOT NULL,\n"
              + "  \"originator_version\" BIGINT NOT NULL,\n"
              + "  \"topic\" TEXT NOT NULL,\n"
              + "  \"timestamp_us\" BIGINT NOT NULL,\n"
              + "  \"state\" BYTEA NOT NULL,\n"
              + "  \"previous_hash\" BYTEA,\n"
              + "  \"hash\" BYTEA,\n"
              + "  \"metadata\" BYTEA,\n"
              + "  PRIMARY KEY (\"originator_id\", \"originator_version\"),\n"
              + "  CONSTRAINT \"" + p + "events_notification_id\" UNIQUE (\"notification_id\"))",
          "CREATE INDEX IF NOT EXISTS \"" + p + "events_topic\"\n" + "  ON \"" + p
              + "events\" (\"topic\", \"notification_id\")",
          "CREATE TABLE IF NOT EXISTS \"" + p + "snapshots\" (\n"
              + "  \"originator_id\" UUID NOT NULL,\n"
              + "  \"originator_version\" BIGINT NOT NULL,\n"
              + "  \"topic\" TEXT NOT NULL,\n"
              + "  \"timestamp_us\" BIGINT NOT NULL,\n"
              + "  \"fingerprint\" TEXT NOT NULL,\n"
              + "  \"state\" BYTEA NOT NULL,\n"
              + "  \"head\" BYTEA,\n"
              + "  \"hash\" BYTEA,\n"
              + "  PRIMARY KEY (\"originator_id\", \"originator_version\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "tracking\" (\n"
              + "  \"application_name\" TEXT NOT NULL,\n"
              + "  \"upstream_name\" TEXT NOT NULL,\n"
              + "  \"notification_id\" BIGINT NOT NULL,\n"
              + "  PRIMARY KEY (\"application_name\", \"upstream_name\", \"notification_id\"))",
          "CREATE TABLE IF NOT EXISTS \"" + p + "checkpoints\" (\n"
              + "  \"up_to\" BIGINT NOT NULL,\n"
              + "  \"after_id\" BIGINT NOT NULL,\n"
              + "  \"events\" BIGINT NOT NULL,\n"
              + "  \"chain\" BYTEA NOT NULL,\n"
              + "  \"timestamp_us\" BIGINT NOT NULL,\n"
              + "  \"key_id\" TEXT NOT NULL,\n"
              + "  \"signature\" BYTEA NOT NULL,\n"
              + "  \"witness\" BYTEA NOT NULL,\n"
              + "  PRIMARY KEY (\"up_to\"),\n"
              + "  CONSTRAINT \"" + p + "checkpoints_after\" UNIQUE (\"after_id\"))",
          "CREATE SEQUENCE IF NOT EXISTS \"" + p + "notification_ids\"",
          // Hands the calling transaction a block of n notification ids, and marks the block as
          // in flight with a transaction-level advisory lock (key: the sequence's oid and the
          // block's first id) that the transaction holds until it ends. The lock is taken before
          // the ids, under a session lock held for microseconds; see docs/DATABASES.md.
          "CREATE OR REPLACE FUNCTION \"" + p + "reserve_ids\"(n INTEGER) RETURNS BIGINT\n"
              + "LANGUAGE plpgsql VOLATILE AS $$\n"
              + "DECLARE\n"
              + "  key INTEGER := '\"" + p + "notification_ids\"'::regclass::oid::integer;\n"
              + "  first BIGINT;\n"
              + "BEGIN\n"
              + "  PERFORM pg_advisory_lock(" + ADVISORY_CLASS + ", key);\n"
              + "  BEGIN\n"
              // USAGE on the sequence is enough for this (not SELECT); NULL before its first use.
              + "    first := COALESCE(pg_sequence_last_value('\"" + p
              + "notification_ids\"'), 0) + 1;\n"
              + "    PERFORM pg_advisory_xact_lock_shared(key,\n"
              + "      ((first % 4294967296) - CASE WHEN first % 4294967296 >= 2147483648\n"
              + "        THEN 4294967296 ELSE 0 END)::integer);\n"
              + "    IF nextval('\"" + p + "notification_ids\"') <> first THEN\n"
              + "      RAISE EXCEPTION 'the sequence \"" + p + "notification_ids\" was"
              + " advanced outside " + p + "reserve_ids';\n"
              + "    END IF;\n"
              + "    IF n > 1 THEN\n"
              + "      PERFORM setval('\"" + p + "notification_ids\"', first + n - 1);\n"
              + "    END IF;\n"
              + "  EXCEPTION WHEN OTHERS OR QUERY_CANCELED THEN\n"
              + "    PERFORM pg_advisory_unlock(" + ADVISORY_CLASS + ", key);\n"
              + "    RAISE;\n"
              + "  END;\n"
              + "  PERFORM pg_advisory_unlock(" + ADVISORY_CLASS + ", key);\n"
              + "  RETURN first;\n"
              + "END\n"
              + "$$",
          // The smallest notification id a reader may not see yet: the first id of the oldest
          // block still in flight, or the next id to be handed out. The sequence is read before
          // the locks, so a block reserved in between is above the bound. A mark is the first id
          // of its block mod 2^32, at most `next` (reserve_ids marks before it takes the ids), so
          // the block starts at the id at or below `next` with that remainder. Security definer, so
          // that readers need no right on the sequence.
          "CREATE OR REPLACE FUNCTION \"" + p + "visible_below\"() RETURNS BIGINT\n"
              + "LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path FROM CURRENT AS $$\n"
              + "DECLARE\n"
              + "  sequence OID := '\"" + p + "notification_ids\"'::regclass::oid;\n"
              + "  next BIGINT;\n"
              + "  oldest BIGINT;\n"
              + "BEGIN\n"
              + "  next := COALESCE(pg_sequence_last_value(sequence), 0) + 1;\n"
              + "  SELECT min(next - ((next - objid::bigint) % 4294967296 + 4294967296)"
              + " % 4294967296)\n"
              + "    INTO oldest FROM pg_catalog.pg_locks\n"
              + "    WHERE locktype = 'advisory' AND classid = sequence AND objsubid = 2\n"
              + "      AND database = (SELECT oid FROM pg_catalog.pg_database"
              + " WHERE datname = current_database());\n"
              + "  RETURN LEAST(COALESCE(oldest, next), next);\n"
              + "END\n"
              + "$$");
    }
  },

  /**
   * MariaDB 10.7 or later (for the UUID column type). Writers commit in parallel; each holds its
   * slot, a row of the writers table, from before it takes ids until it ends.
   */
  MARIADB(
      "jdbc:mariadb:",
      SQLDialect.MARIADB,
      "org.mariadb.jdbc.Driver",
      10,
      7,
      Ordering.IN_FLIGHT_SLOTS) {
    @Override
    List<String> ddl(String p) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS `" + p + "events` (\n"
              + "  `notification_id` BIGINT NOT NULL,\n"
              + "  `originator_id` UUID NOT NULL,\n"
              + "  `originator_version` BIGINT NOT NULL,\n"
              + "  `topic` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin\n"
              + "    NOT NULL,\n"
              + "  `timestamp_us` BIGINT NOT NULL,\n"
              + "  `state` LONGBLOB NOT NULL,\n"
              + "  `previous_hash` VARBINARY(32),\n"
              + "  `hash` VARBINARY(32),\n"
              + "  `metadata` BLOB,\n"
              + "  PRIMARY KEY (`originator_id`, `originator_version`),\n"
              + "  UNIQUE KEY `" + p + "events_notification_id` (`notification_id`),\n"
              + "  KEY `" + p + "events_topic` (`topic`, `notification_id`)\n"
              + ") ENGINE=InnoDB",
          "CREATE TABLE IF NOT EXISTS `" + p + "snapshots` (\n"
              + "  `originator_id` UUID NOT NULL,\n"
              + "  `originator_version` BIGINT NOT NULL,\n"
              + "  `topic` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin\n"
              + "    NOT NULL,\n"
              + "  `timestamp_us` BIGINT NOT NULL,\n"
              + "  `fingerprint` VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin\n"
              + "    NOT NULL,\n"
              + "  `state` LONGBLOB NOT NULL,\n"
              + "  `head` VARBINARY(32),\n"
              + "  `hash` VARBINARY(32),\n"
              + "  PRIMARY KEY (`originator_id`, `originator_version`)\n"
              + ") ENGINE=InnoDB",
          "CREATE TABLE IF NOT EXISTS `" + p + "tracking` (\n"
              + "  `application_name` VARCHAR(255) NOT NULL,\n"
              + "  `upstream_name` VARCHAR(255) NOT NULL,\n"
              + "  `notification_id` BIGINT NOT NULL,\n"
              + "  PRIMARY KEY (`application_name`, `upstream_name`, `notification_id`)\n"
              + ") ENGINE=InnoDB",
          "CREATE TABLE IF NOT EXISTS `" + p + "checkpoints` (\n"
              + "  `up_to` BIGINT NOT NULL,\n"
              + "  `after_id` BIGINT NOT NULL,\n"
              + "  `events` BIGINT NOT NULL,\n"
              + "  `chain` VARBINARY(32) NOT NULL,\n"
              + "  `timestamp_us` BIGINT NOT NULL,\n"
              + "  `key_id` VARCHAR(64) NOT NULL,\n"
              + "  `signature` VARBINARY(64) NOT NULL,\n"
              + "  `witness` LONGBLOB NOT NULL,\n"
              + "  PRIMARY KEY (`up_to`),\n"
              + "  UNIQUE KEY `" + p + "checkpoints_after` (`after_id`)\n"
              + ") ENGINE=InnoDB",
          "CREATE SEQUENCE IF NOT EXISTS `" + p + "notification_ids` START WITH 1 NOCACHE",
          "CREATE TABLE IF NOT EXISTS `" + p + "writers` (\n"
              + "  `slot` INT NOT NULL PRIMARY KEY,\n"
              + "  `floor` BIGINT NOT NULL\n"
              + ") ENGINE=InnoDB",
          "INSERT IGNORE INTO `" + p + "writers` (`slot`, `floor`) VALUES " + slotRows());
    }
  };

  /** The writers table's rows, one per slot, as MariaDB's DDL inserts them. */
  private static String slotRows() {
    StringBuilder rows = new StringBuilder();
    for (int slot = 0; slot <= SlottedIds.APPENDS_ROW; slot++) {
      rows.append(slot == 0 ? "" : slot % 8 == 0 ? ",\n  " : ", ")
          .append('(')
          .append(slot)
          .append(", 0)");
    }
    return rows.toString();
  }

  /** How a database keeps followers of the notification log from skipping events. */
  enum Ordering {
    /**
     * Each writer locks the one row of the lock table, takes ids after the largest stored, and
     * commits before the next writer may start: ids become visible in order, one commit at a time.
     */
    LOCKED_COMMITS,
    /**
     * (PostgreSQL) Each writer reserves a block of ids and holds an advisory lock on it until its
     * transaction ends; readers see only ids below the oldest block still locked.
     */
    IN_FLIGHT_BLOCKS,
    /**
     * (MariaDB) Each writer locks its slot, a row of the writers table, before it takes ids from a
     * sequence, and holds it until its transaction ends; readers see only ids below those that a
     * transaction holding a slot may have taken.
     */
    IN_FLIGHT_SLOTS
  }

  /**
   * The first key of the advisory lock that reserves notification ids in PostgreSQL ("Reco" in
   * ASCII); the second is the oid of the id sequence.
   */
  static final int ADVISORY_CLASS = 0x5265636f;

  /** The first key of the advisory lock that creating tables takes in PostgreSQL ("Recp"). */
  static final int ADVISORY_CLASS_DDL = 0x52656370;

  final String urlPrefix;
  final SQLDialect sqlDialect;
  final String driverClassName;
  final int minimumMajorVersion;
  final int minimumMinorVersion;
  final Ordering ordering;

  Dialect(
      String urlPrefix,
      SQLDialect sqlDialect,
      String driverClassName,
      int minimumMajorVersion,
      int minimumMinorVersion,
      Ordering ordering) {
    this.urlPrefix = urlPrefix;
    this.sqlDialect = sqlDialect;
    this.driverClassName = driverClassName;
    this.minimumMajorVersion = minimumMajorVersion;
    this.minimumMinorVersion = minimumMinorVersion;
    this.ordering = ordering;
  }

  /** The statements that create the tables (if missing) for table names starting {@code prefix}. */
  abstract List<String> ddl(String prefix);

  /**
   * The roles docs/DATABASES.md gives grants for, each with the least it needs (a test creates each
   * with exactly these grants and checks that it can do its work).
   */
  enum Role {
    /**
     * An application that saves: it reads and inserts (checkpoints too, when it signs them), and
     * takes the writers' lock (H2) or a writer's slot (MariaDB).
     */
    WRITER,
    /**
     * An application opened with {@code READ_ONLY=true} that reads another's log, loads its
     * aggregates and reads positions: SELECT only.
     */
    FOLLOWER,
    /**
     * Reads the events, snapshots and signed checkpoints only, to audit them: SELECT on those three
     * tables.
     */
    AUDITOR
  }

  /** The statements that give {@code grantee} what {@code role} needs, for a prefix's tables. */
  List<String> grants(Role role, String prefix, String grantee) {
    String events = quoteInGrants(prefix + "events");
    String snapshots = quoteInGrants(prefix + "snapshots");
    String tracking = quoteInGrants(prefix + "tracking");
    String lock = quoteInGrants(prefix + "lock");
    String writers = quoteInGrants(prefix + "writers");
    String sequence = quoteInGrants(prefix + "notification_ids");
    String checkpoints = quoteInGrants(prefix + "checkpoints");
    String tags = quoteInGrants(prefix + "event_tags");
    List<String> grants = new ArrayList<>();
    switch (role) {
      case WRITER:
        grants.addAll(grant(
            "SELECT, INSERT", List.of(events, snapshots, tracking, checkpoints, tags), grantee));
        if (this == POSTGRES) {
          grants.add(
              "GRANT USAGE, UPDATE ON SEQUENCE " + prefix + "notification_ids TO " + grantee);
        } else if (this == MARIADB) {
          grants.addAll(grant("SELECT, UPDATE", List.of(writers), grantee));
          grants.addAll(grant("SELECT, INSERT", List.of(sequence), grantee));
        } else {
          grants.addAll(grant("SELECT, UPDATE", List.of(lock), grantee));
        }
        break;
      case FOLLOWER:
        grants.addAll(grant("SELECT", List.of(events, snapshots, tracking, tags), grantee));
        if (this == MARIADB) {
          // the bound of what readers of the log may see
          grants.addAll(grant("SELECT", List.of(writers, sequence), grantee));
        }
        break;
      default:
        grants.addAll(grant("SELECT", List.of(events, snapshots, checkpoints, tags), grantee));
    }
    return grants;
  }

  /**
   * The statement that creates the table of subjects' data keys (created only for applications with
   * SUBJECT_KEYS=true, so that others need no new table): one row per subject, its data key wrapped
   * by an application key, and when it was forgotten.
   */
  String subjectKeysDdl(String p) {
    switch (this) {
      case POSTGRES:
        return "CREATE TABLE IF NOT EXISTS \"" + p + "subject_keys\" (\n"
            + "  \"subject_id\" UUID NOT NULL,\n"
            + "  \"wrapped_key\" BYTEA,\n"
            + "  \"created_us\" BIGINT NOT NULL,\n"
            + "  \"forgotten_us\" BIGINT,\n"
            + "  PRIMARY KEY (\"subject_id\"))";
      case MARIADB:
        return "CREATE TABLE IF NOT EXISTS `" + p + "subject_keys` (\n"
            + "  `subject_id` UUID NOT NULL,\n"
            + "  `wrapped_key` VARBINARY(128),\n"
            + "  `created_us` BIGINT NOT NULL,\n"
            + "  `forgotten_us` BIGINT,\n"
            + "  PRIMARY KEY (`subject_id`)\n"
            + ") ENGINE=InnoDB";
      default:
        return "CREATE TABLE IF NOT EXISTS \"" + p + "subject_keys\" (\n"
            + "  \"subject_id\" UUID NOT NULL,\n"
            + "  \"wrapped_key\" VARBINARY(128),\n"
            + "  \"created_us\" BIGINT NOT NULL,\n"
            + "  \"forgotten_us\" BIGINT,\n"
            + "  PRIMARY KEY (\"subject_id\"))";
    }
  }

  /**
   * What {@code role} needs on the table of subjects' data keys, besides {@link #grants}: a writer
   * reads, adds and forgets keys (UPDATE); a follower reads them to decrypt; an auditor checks
   * hashes, which cover the ciphertext, and needs none.
   */
  List<String> subjectKeyGrants(Role role, String prefix, String grantee) {
    String keys = quoteInGrants(prefix + "subject_keys");
    switch (role) {
      case WRITER:
        return grant("SELECT, INSERT, UPDATE", List.of(keys), grantee);
      case FOLLOWER:
        return grant("SELECT", List.of(keys), grantee);
      default:
        return List.of();
    }
  }

  /**
   * The statement that adds the {@code metadata} column to an events table made before events had
   * metadata; idempotent, so processes starting together may all run it.
   */
  String addMetadataColumn(String p) {
    switch (this) {
      case POSTGRES:
        return "ALTER TABLE \"" + p + "events\" ADD COLUMN IF NOT EXISTS \"metadata\" BYTEA";
      case MARIADB:
        return "ALTER TABLE `" + p + "events` ADD COLUMN IF NOT EXISTS `metadata` BLOB";
      default:
        return "ALTER TABLE \"" + p + "events\" ADD COLUMN IF NOT EXISTS \"metadata\" VARBINARY";
    }
  }

  /**
   * The statement that creates the table of leases (created only when leases are used, by a
   * {@code LeasedFollower} or {@code Leases}): one row per (name, segment), with its holder, its
   * fencing token, bumped at every claim, and when it expires, in microseconds of the database's
   * clock.
   */
  String leasesDdl(String p) {
    switch (this) {
      case POSTGRES:
        return "CREATE TABLE IF NOT EXISTS \"" + p + "leases\" (\n"
            + "  \"name\" TEXT NOT NULL,\n"
            + "  \"segment\" INTEGER NOT NULL,\n"
            + "  \"holder\" TEXT,\n"
            + "  \"token\" BIGINT NOT NULL,\n"
            + "  \"expires_us\" BIGINT NOT NULL,\n"
            + "  PRIMARY KEY (\"name\", \"segment\"))";
      case MARIADB:
        return "CREATE TABLE IF NOT EXISTS `" + p + "leases` (\n"
            + "  `name` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,\n"
            + "  `segment` INT NOT NULL,\n"
            + "  `holder` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin,\n"
            + "  `token` BIGINT NOT NULL,\n"
            + "  `expires_us` BIGINT NOT NULL,\n"
            + "  PRIMARY KEY (`name`, `segment`)\n"
            + ") ENGINE=InnoDB";
      default:
        return "CREATE TABLE IF NOT EXISTS \"" + p + "leases\" (\n"
            + "  \"name\" VARCHAR(255) NOT NULL,\n"
            + "  \"segment\" INT NOT NULL,\n"
            + "  \"holder\" VARCHAR(255),\n"
            + "  \"token\" BIGINT NOT NULL,\n"
            + "  \"expires_us\" BIGINT NOT NULL,\n"
            + "  PRIMARY KEY (\"name\", \"segment\"))";
    }
  }

  /**
   * What {@code role} needs on the table of leases: a writer (the follower's instances) inserts the
   * rows and updates them to claim, renew, fence and release; a follower may read who holds what;
   * an auditor needs none.
   */
  List<String> leaseGrants(Role role, String prefix, String grantee) {
    String leases = quoteInGrants(prefix + "leases");
    switch (role) {
      case WRITER:
        return grant("SELECT, INSERT, UPDATE", List.of(leases), grantee);
      case FOLLOWER:
        return grant("SELECT", List.of(leases), grantee);
      default:
        return List.of();
    }
  }

  /**
   * The database's clock now, in microseconds since the epoch, as an SQL expression: the time of
   * the statement (PostgreSQL's {@code clock_timestamp()}, MariaDB's {@code NOW(6)}), not of the
   * transaction, where the database tells them apart. H2's clock is its server's.
   */
  String nowMicros() {
    switch (this) {
      case POSTGRES:
        return "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
      case MARIADB:
        return "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)";
      default:
        return "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT)";
    }
  }

  /** {@link #grants} as one script, as docs/DATABASES.md shows it. */
  String grantScript(Role role, String prefix, String grantee) {
    return String.join(";\n", grants(role, prefix, grantee)) + ";\n";
  }

  /** MariaDB grants on one table per statement; PostgreSQL and H2 take a list. */
  private List<String> grant(String privileges, List<String> tables, String grantee) {
    if (this == MARIADB) {
      return tables.stream()
          .map(table -> "GRANT " + privileges + " ON " + table + " TO " + grantee)
          .toList();
    }
    return List.of("GRANT " + privileges + " ON " + String.join(", ", tables) + " TO " + grantee);
  }

  /** H2 folds unquoted names to upper case; the others' lower-case names need no quotes. */
  private String quoteInGrants(String table) {
    return this == H2 ? "\"" + table + "\"" : table;
  }

  /** Every statement of the DDL: the store's own ({@link #ddl}), then the DCB tables'. */
  List<String> statements(String prefix) {
    List<String> all = new ArrayList<>(ddl(prefix));
    all.addAll(DcbDdl.of(this, prefix));
    return all;
  }

  /** The objects {@link #statements} create, one per statement, in its order. */
  List<Ddl> objects(String prefix) {
    return statements(prefix).stream().map(Ddl::of).toList();
  }

  /** What one statement of the DDL creates. */
  enum Kind {
    TABLE("table"),
    INDEX("index"),
    SEQUENCE("sequence"),
    FUNCTION("function"),
    /** The lock table's one row (H2 and MariaDB). */
    ROW("row of table");

    final String noun;

    Kind(String noun) {
      this.noun = noun;
    }
  }

  /** A statement of the DDL, with the kind and name of what it creates. */
  record Ddl(Kind kind, String name, String sql) {
    private static final Pattern HEAD = Pattern.compile("(CREATE (TABLE|INDEX|SEQUENCE) IF NOT"
        + " EXISTS|CREATE OR REPLACE (FUNCTION)|MERGE INTO|INSERT IGNORE INTO) [\"`]([^\"`]+)");

    /** Read from the head of a statement of {@link #ddl}, which a test checks for each. */
    static Ddl of(String sql) {
      Matcher head = HEAD.matcher(sql);
      if (!head.lookingAt()) {
        throw new IllegalStateException("not a statement of the DDL: " + sql);
      }
      Kind kind = head.group(2) != null
          ? Kind.valueOf(head.group(2))
          : head.group(3) != null ? Kind.FUNCTION : Kind.ROW;
      return new Ddl(kind, head.group(4), sql);
    }

    /** For messages: {@code table "recount_events"}. */
    @Override
    public String toString() {
      return kind.noun + " \"" + name + "\"";
    }
  }

  /**
   * The DDL as one script for {@code psql}, {@code mariadb} or H2's {@code RunScript}: what a DBA
   * runs before starting applications with {@code CREATE_TABLES=false}.
   */
  String script(String prefix) {
    return String.join(";\n\n", statements(prefix)) + ";\n";
  }

  /** The dialect of a JDBC URL, or {@code null} if Recount does not support its database. */
  static Dialect ofUrl(String jdbcUrl) {
    for (Dialect dialect : values()) {
      if (jdbcUrl.startsWith(dialect.urlPrefix)) {
        return dialect;
      }
    }
    return null;
  }

  /** A name quoted for this dialect's plain SQL. */
  String quote(String name) {
    return this == MARIADB ? "`" + name + "`" : "\"" + name + "\"";
  }

  /** What a user needs to create what is missing, for error messages. */
  String createPrivilege() {
    switch (this) {
      case POSTGRES:
        return "CREATE on the schema (and to own the function, to replace it)";
      case MARIADB:
        return "CREATE on the database (and INSERT on the writers table, for its rows)";
      default:
        return "ADMIN rights or to own the schema";
    }
  }

  /** The Maven coordinates of the JDBC driver, for the error when it is missing. */
  String driverArtifact() {
    switch (this) {
      case POSTGRES:
        return "org.postgresql:postgresql";
      case MARIADB:
        return "org.mariadb.jdbc:mariadb-java-client";
      default:
        return "com.h2database:h2";
    }
  }

  /** The oldest server version Recount works with, for error messages. */
  String minimumVersion() {
    return minimumMajorVersion + "." + minimumMinorVersion;
  }
}
