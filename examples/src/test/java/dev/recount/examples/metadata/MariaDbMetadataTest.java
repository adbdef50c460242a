package dev.recount.examples.metadata;

import dev.recount.testing.DatabaseServer;

/** Event metadata on MariaDB. */
class MariaDbMetadataTest extends MetadataContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
