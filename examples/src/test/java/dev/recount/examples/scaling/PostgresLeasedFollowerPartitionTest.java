package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** A leased follower's holder cut off from the PostgreSQL server by a network partition. */
class PostgresLeasedFollowerPartitionTest extends LeasedFollowerPartitionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }

  @Override
  String urlOptions() {
    return "";
  }
}
