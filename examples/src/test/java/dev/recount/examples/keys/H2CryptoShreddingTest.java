package dev.recount.examples.keys;

import dev.recount.testing.DatabaseServer;

/** Crypto-shredding on H2. */
class H2CryptoShreddingTest extends CryptoShreddingContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.h2();
  }
}
