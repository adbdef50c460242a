package dev.recount.jooq;

/**
 * Notification order on MariaDB, whose writers commit one at a time. A trigger sleeps up to 5 ms
 * per row while the writer holds the lock, so that writers queue for it.
 */
class MariaDbNotificationOrderingTest extends NotificationOrderingContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }

  @Override
  void slowDownWrites(TestDatabase db, String prefix) {
    db.execute("CREATE TRIGGER `" + prefix + "slow_insert` AFTER INSERT ON `" + prefix
        + "events` FOR EACH ROW DO SLEEP(RAND() * 0.005)");
  }
}
