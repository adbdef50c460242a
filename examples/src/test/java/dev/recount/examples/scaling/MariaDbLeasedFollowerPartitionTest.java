package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** A leased follower's holder cut off from the MariaDB server by a network partition. */
class MariaDbLeasedFollowerPartitionTest extends LeasedFollowerPartitionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }

  @Override
  String idleTransactionTimeout(int seconds) {
    return "sessionVariables=idle_transaction_timeout=" + seconds;
  }

  @Override
  String showIdleTransactionTimeout() {
    return "SELECT @@idle_transaction_timeout";
  }
}
