package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;

/** The application contract on the PostgreSQL server. */
class PostgresApplicationTest extends ApplicationContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
