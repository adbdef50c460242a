package dev.recount.examples.projection;

import dev.recount.testing.DatabaseServer;

/** Projection instances sharing segments through leases on the PostgreSQL server. */
class PostgresLeasedProjectionTest extends LeasedProjectionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
