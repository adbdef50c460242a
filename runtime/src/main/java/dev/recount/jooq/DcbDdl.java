package dev.recount.jooq;

import java.util.List;

/**
 * The DDL of Dynamic Consistency Boundaries, per database (docs/DCB.md): the table of event tags,
 * and on PostgreSQL the function that takes the boundary locks. Kept apart from {@link Dialect}'s
 * own statements, which it follows in {@link Dialect#statements}.
 */
final class DcbDdl {
  private DcbDdl() {}

  static List<String> of(Dialect dialect, String p) {
    switch (dialect) {
      case POSTGRES:
        return List.of(
            "CREATE TABLE IF NOT EXISTS \"" + p + "event_tags\" (\n"
                + "  \"notification_id\" BIGINT NOT NULL,\n"
                + "  \"tag\" TEXT NOT NULL,\n"
                + "  PRIMARY KEY (\"notification_id\", \"tag\"))",
            "CREATE INDEX IF NOT EXISTS \"" + p + "event_tags_tag\"\n" + "  ON \"" + p
                + "event_tags\" (\"tag\", \"notification_id\")",
            // Takes the boundary locks of a save before it reserves its ids: each key in
            // ascending order, shared or exclusive, held until the transaction ends. A save
            // waiting here has no block of ids in flight, so it holds back no reader of the log;
            // the keys are single BIGINTs (objsubid 1 in pg_locks), which visible_below, counting
            // only the two-INTEGER block locks (objsubid 2), never takes for a block. See
            // docs/DCB.md.
            "CREATE OR REPLACE FUNCTION \"" + p + "lock_keys\"(keys BIGINT[], exclusive BOOLEAN[])"
                + " RETURNS INTEGER\n"
                + "LANGUAGE plpgsql VOLATILE AS $$\n"
                + "DECLARE\n"
                + "  n INTEGER := coalesce(array_length(keys, 1), 0);\n"
                + "BEGIN\n"
                + "  FOR i IN 1 .. n LOOP\n"
                + "    IF exclusive[i] THEN\n"
                + "      PERFORM pg_advisory_xact_lock(keys[i]);\n"
                + "    ELSE\n"
                + "      PERFORM pg_advisory_xact_lock_shared(keys[i]);\n"
                + "    END IF;\n"
                + "  END LOOP;\n"
                + "  RETURN n;\n"
                + "END\n"
                + "$$");
      case MARIADB:
        return List.of("CREATE TABLE IF NOT EXISTS `" + p + "event_tags` (\n"
            + "  `notification_id` BIGINT NOT NULL,\n"
            + "  `tag` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin NOT NULL,\n"
            + "  PRIMARY KEY (`notification_id`, `tag`),\n"
            + "  KEY `" + p + "event_tags_tag` (`tag`, `notification_id`)\n"
            + ") ENGINE=InnoDB");
      default:
        return List.of(
            "CREATE TABLE IF NOT EXISTS \"" + p + "event_tags\" (\n"
                + "  \"notification_id\" BIGINT NOT NULL,\n"
                + "  \"tag\" VARCHAR(255) NOT NULL,\n"
                + "  PRIMARY KEY (\"notification_id\", \"tag\"))",
            "CREATE INDEX IF NOT EXISTS \"" + p + "event_tags_tag\"\n" + "  ON \"" + p
                + "event_tags\" (\"tag\", \"notification_id\")");
    }
  }
}
