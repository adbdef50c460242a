package dev.recount.jooq;

/** The roles of docs/DATABASES.md on MariaDB. */
class MariaDbLeastPrivilegeTest extends LeastPrivilegeContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }

  @Override
  void createUser(String name) {
    db.execute("CREATE USER " + grantee(name) + " IDENTIFIED BY '" + PASSWORD + "'");
  }

  @Override
  String grantee(String name) {
    return "'" + name + "'@'%'";
  }

  @Override
  void dropUser(String name) {
    db.execute("DROP USER IF EXISTS " + grantee(name));
  }

  @Override
  boolean mayCreateTables(String name) {
    return false; // a new user has no privilege but USAGE
  }
}
