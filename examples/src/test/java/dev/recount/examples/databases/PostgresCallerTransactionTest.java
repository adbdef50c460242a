package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;

/** Saves in the caller's transaction, on the PostgreSQL server. */
class PostgresCallerTransactionTest extends CallerTransactionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
