package dev.recount.jooq;

/** The deadlock contract on {@link TestDatabase#postgres()}. */
class PostgresDeadlockTest extends DeadlockContract {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
