package dev.recount.examples.trust;

import dev.recount.testing.DatabaseServer;

/** The trust contract on the MariaDB server. */
class MariaDbTrustTest extends TrustContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
