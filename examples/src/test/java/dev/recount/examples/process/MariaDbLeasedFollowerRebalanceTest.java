package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;

/** Segments moving between leased followers, on the MariaDB server. */
class MariaDbLeasedFollowerRebalanceTest extends LeasedFollowerRebalanceContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
