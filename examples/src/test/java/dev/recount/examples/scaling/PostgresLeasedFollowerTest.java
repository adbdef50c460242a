package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** Leased followers on the PostgreSQL server. */
class PostgresLeasedFollowerTest extends LeasedFollowerContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
