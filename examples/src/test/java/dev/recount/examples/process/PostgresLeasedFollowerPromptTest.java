package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;

/** A prompted leased follower on the PostgreSQL server. */
class PostgresLeasedFollowerPromptTest extends LeasedFollowerPromptContract {
  @Override
  DatabaseServer server() {
    return DatabaseServer.postgres();
  }

  @Override
  boolean notifies() {
    return true;
  }
}
