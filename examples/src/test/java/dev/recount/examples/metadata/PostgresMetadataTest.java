package dev.recount.examples.metadata;

import dev.recount.testing.DatabaseServer;

/** Event metadata on Postgres. */
class PostgresMetadataTest extends MetadataContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
