package dev.recount.examples.cache;

import dev.recount.testing.DatabaseServer;

/** The aggregate cache on the PostgreSQL server. */
class PostgresAggregateCacheTest extends AggregateCacheContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
