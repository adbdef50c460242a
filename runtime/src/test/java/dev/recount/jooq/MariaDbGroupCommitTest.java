package dev.recount.jooq;

/** Group commit on {@link TestDatabase#mariadb()}. */
class MariaDbGroupCommitTest extends GroupCommitContract {
  @Override
  TestDatabase database() {
    return TestDatabase.mariadb();
  }

  @Override
  boolean gapFree() {
    return false;
  }
}
