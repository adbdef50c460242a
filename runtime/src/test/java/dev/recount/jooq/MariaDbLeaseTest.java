package dev.recount.jooq;

/** The lease contract on {@link TestDatabase#mariadb()}. */
class MariaDbLeaseTest extends LeaseContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
