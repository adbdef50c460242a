package dev.recount.examples.keys;

import dev.recount.testing.DatabaseServer;

/** Crypto-shredding on the MariaDB server. */
class MariaDbCryptoShreddingTest extends CryptoShreddingContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
