package dev.recount.jooq;

/** The lease contract on {@link TestDatabase#postgres()}. */
class PostgresLeaseTest extends LeaseContract {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
