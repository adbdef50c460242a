package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;

/** A segmented follower's position on the PostgreSQL server. */
class PostgresSegmentedPositionTest extends SegmentedPositionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }
}
