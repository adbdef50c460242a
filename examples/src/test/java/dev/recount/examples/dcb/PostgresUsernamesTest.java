package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class PostgresUsernamesTest extends UsernamesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.postgres();
  }
}
