package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** Leased projection instances in JVMs of their own on the MariaDB server. */
class MariaDbLeasedProjectionJvmTest extends LeasedProjectionJvmContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
