package dev.recount.jooq;

/**
 * Connection faults on MariaDB: {@code KILL} on the recorder's connections, which use a database of
 * the test's own so that they can be told from everyone else's.
 */
class MariaDbConnectionFaultsTest extends ConnectionFaultsContract {
  private TestDatabase server;
  private String schema;

  @Override
  TestDatabase database(String prefix) {
    server = TestDatabase.mariadb().requireReachable();
    schema = prefix.substring(0, prefix.length() - 1);
    server.execute("CREATE DATABASE `" + schema + "`");
    return server.withDatabase(schema);
  }

  @Override
  void drop() {
    server.execute("DROP DATABASE IF EXISTS `" + schema + "`");
  }

  @Override
  void slowDownInsertsOf(String topic) {
    db.execute("CREATE TRIGGER `" + prefix + "slow_insert` AFTER INSERT ON `" + prefix
        + "events` FOR EACH ROW BEGIN IF NEW.topic = '" + topic + "' THEN DO SLEEP(30);"
        + " END IF; END");
  }

  @Override
  long killSlowSave() {
    // The processlist shows the trigger's statement, not the INSERT; the database is the test's.
    return kill("state = 'User sleep'");
  }

  @Override
  long killAll() {
    return kill("id <> CONNECTION_ID()");
  }

  private long kill(String condition) {
    long killed = 0;
    try (var connection = db.connect();
        var statement = connection.createStatement()) {
      var ids = new java.util.ArrayList<Long>();
      try (var rows = statement.executeQuery("SELECT id FROM information_schema.processlist"
          + " WHERE db = '" + schema + "' AND " + condition)) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
      for (long id : ids) {
        statement.execute("KILL CONNECTION " + id);
        killed++;
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not kill connections to " + schema, e);
    }
    return killed;
  }
}
