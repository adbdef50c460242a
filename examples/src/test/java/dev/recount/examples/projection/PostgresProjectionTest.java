package dev.recount.examples.projection;

import dev.recount.testing.DatabaseServer;

/** Projections on the PostgreSQL server (prompted by the application's saves and LISTEN). */
class PostgresProjectionTest extends ProjectionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
