package dev.recount.jooq;

/** The roles of docs/DATABASES.md on H2, for an H2 database shared by several users. */
class H2LeastPrivilegeTest extends LeastPrivilegeContract {
  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }

  /** Only an admin may set DB_CLOSE_DELAY; the owner's connections keep the database open. */
  @Override
  String userUrl() {
    return db.url.replace(";DB_CLOSE_DELAY=-1", "");
  }

  @Override
  void createUser(String name) {
    db.execute("CREATE USER " + name + " PASSWORD '" + PASSWORD + "'");
  }

  @Override
  String grantee(String name) {
    return name;
  }

  @Override
  void dropUser(String name) {
    db.execute("DROP USER IF EXISTS " + name);
  }

  @Override
  boolean mayCreateTables(String name) {
    return false; // only ADMIN users and schema owners may
  }
}
