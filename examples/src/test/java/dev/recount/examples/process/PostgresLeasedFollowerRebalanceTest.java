package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;

/** Segments moving between leased followers, on the PostgreSQL server. */
class PostgresLeasedFollowerRebalanceTest extends LeasedFollowerRebalanceContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
