package dev.recount.jooq;

/** The roles of docs/DATABASES.md on PostgreSQL. */
class PostgresLeastPrivilegeTest extends LeastPrivilegeContract {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }

  @Override
  void createUser(String name) {
    db.execute("CREATE ROLE " + name + " LOGIN PASSWORD '" + PASSWORD + "'");
  }

  @Override
  String grantee(String name) {
    return name;
  }

  @Override
  void dropUser(String name) {
    db.execute("DROP OWNED BY " + name, "DROP ROLE " + name);
  }

  @Override
  boolean mayCreateTables(String name) {
    return db.queryLong("SELECT CASE WHEN has_schema_privilege('" + name + "',"
            + " current_schema(), 'CREATE') THEN 1 ELSE 0 END")
        == 1;
  }
}
