package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** Leased followers on the MariaDB server. */
class MariaDbLeasedFollowerTest extends LeasedFollowerContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
