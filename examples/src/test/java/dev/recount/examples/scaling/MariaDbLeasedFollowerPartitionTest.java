package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** A leased follower's holder cut off from the MariaDB server by a network partition. */
class MariaDbLeasedFollowerPartitionTest extends LeasedFollowerPartitionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }

  @Override
  String urlOptions() {
    return "";
  }
}
