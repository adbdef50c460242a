package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;

/** A segmented follower's position on the MariaDB server. */
class MariaDbSegmentedPositionTest extends SegmentedPositionContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }
}
