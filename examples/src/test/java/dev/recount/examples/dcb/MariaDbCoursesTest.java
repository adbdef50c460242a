package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class MariaDbCoursesTest extends CoursesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.mariadb();
  }
}
