package dev.recount.jooq;

/** The recorder contract on {@link TestDatabase#postgres()}. */
class PostgresRecorderTest extends RecorderContract {
  @Override
  TestDatabase database() {
    return TestDatabase.postgres();
  }
}
