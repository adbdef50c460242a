package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;

/** Saves in the caller's transaction, on the MariaDB server. */
class MariaDbCallerTransactionTest extends CallerTransactionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
