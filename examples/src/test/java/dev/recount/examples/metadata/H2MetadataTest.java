package dev.recount.examples.metadata;

import dev.recount.testing.DatabaseServer;

/** Event metadata on H2. */
class H2MetadataTest extends MetadataContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.h2();
  }
}
