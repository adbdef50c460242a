package dev.recount.jooq;

/** Group commit on {@link TestDatabase#h2()}. */
class H2GroupCommitTest extends GroupCommitContract {
  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }

  @Override
  boolean gapFree() {
    return true;
  }
}
