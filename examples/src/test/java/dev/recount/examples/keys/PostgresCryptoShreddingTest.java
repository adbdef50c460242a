package dev.recount.examples.keys;

import dev.recount.testing.DatabaseServer;

/** Crypto-shredding on the PostgreSQL server. */
class PostgresCryptoShreddingTest extends CryptoShreddingContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
