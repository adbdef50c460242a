package dev.recount.jooq;

/** The recorder contract on {@link TestDatabase#h2()}. */
class H2RecorderTest extends RecorderContract {
  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }
}
