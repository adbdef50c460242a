package dev.recount.jooq;

/**
 * Notification order on PostgreSQL, whose writers do not wait for each other. A deferred trigger
 * sleeps at commit, up to 20 ms per row, so that many saves hold reserved ids uncommitted while
 * later ones commit: a follower that trusted the ids alone would skip those.
 */
class PostgresNotificationOrderingTest extends NotificationOrderingContract {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }

  @Override
  void slowDownWrites(TestDatabase db, String prefix) {
    db.execute(
        "CREATE FUNCTION \"" + prefix + "slow_commit\"() RETURNS trigger LANGUAGE plpgsql AS $$"
            + " BEGIN PERFORM pg_sleep(random() * 0.02); RETURN NULL; END $$",
        "CREATE CONSTRAINT TRIGGER \"" + prefix + "slow_commit\" AFTER INSERT ON \"" + prefix
            + "events\" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
            + " EXECUTE FUNCTION \"" + prefix + "slow_commit\"()");
  }
}
