package dev.recount.examples.trust;

import dev.recount.testing.DatabaseServer;

/** The trust contract on an H2 database in memory. */
class H2TrustTest extends TrustContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.h2();
  }
}
