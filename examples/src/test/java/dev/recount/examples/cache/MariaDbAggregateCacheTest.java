package dev.recount.examples.cache;

import dev.recount.testing.DatabaseServer;

/** The aggregate cache on the MariaDB server. */
class MariaDbAggregateCacheTest extends AggregateCacheContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
