package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class PostgresCoursesTest extends CoursesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.postgres();
  }
}
