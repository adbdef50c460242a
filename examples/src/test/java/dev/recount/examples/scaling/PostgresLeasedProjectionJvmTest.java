package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;

/** Leased projection instances in JVMs of their own on the PostgreSQL server. */
class PostgresLeasedProjectionJvmTest extends LeasedProjectionJvmContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
