package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;

/** A prompted leased follower on the MariaDB server. */
class MariaDbLeasedFollowerPromptTest extends LeasedFollowerPromptContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.mariadb();
  }

  @Override
  boolean notifies() {
    return false;
  }
}
