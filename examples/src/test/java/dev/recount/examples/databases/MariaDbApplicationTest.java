package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;

/** The application contract on the MariaDB server. */
class MariaDbApplicationTest extends ApplicationContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
