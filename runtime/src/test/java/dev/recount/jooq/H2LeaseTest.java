package dev.recount.jooq;

/** The lease contract on {@link TestDatabase#h2()}. */
class H2LeaseTest extends LeaseContract {
  @Override
  TestDatabase database() {
    return TestDatabase.h2();
  }
}
