package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class H2CoursesTest extends CoursesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.h2();
  }
}
