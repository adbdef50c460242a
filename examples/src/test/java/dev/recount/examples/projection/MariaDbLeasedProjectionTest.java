package dev.recount.examples.projection;

import dev.recount.testing.DatabaseServer;

/** Projection instances sharing segments through leases on the MariaDB server. */
class MariaDbLeasedProjectionTest extends LeasedProjectionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
