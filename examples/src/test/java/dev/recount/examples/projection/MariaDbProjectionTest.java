package dev.recount.examples.projection;

import dev.recount.testing.DatabaseServer;

/** Projections on the MariaDB server. */
class MariaDbProjectionTest extends ProjectionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
