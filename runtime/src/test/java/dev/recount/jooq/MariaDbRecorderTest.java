package dev.recount.jooq;

/** The recorder contract on {@link TestDatabase#mariadb()}. */
class MariaDbRecorderTest extends RecorderContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }
}
