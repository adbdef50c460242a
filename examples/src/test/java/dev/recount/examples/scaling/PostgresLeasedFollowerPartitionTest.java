package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** A leased follower's holder cut off from the PostgreSQL server by a network partition. */
class PostgresLeasedFollowerPartitionTest extends LeasedFollowerPartitionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }

  @Override
  String idleTransactionTimeout(int seconds) {
    return "options=-c%20idle_in_transaction_session_timeout%3D" + seconds * 1000;
  }

  @Override
  String showIdleTransactionTimeout() {
    return "SHOW idle_in_transaction_session_timeout";
  }
}
