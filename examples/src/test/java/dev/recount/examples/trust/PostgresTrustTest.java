package dev.recount.examples.trust;

import dev.recount.testing.DatabaseServer;

/** The trust contract on the PostgreSQL server. */
class PostgresTrustTest extends TrustContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
