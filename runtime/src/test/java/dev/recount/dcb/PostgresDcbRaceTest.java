package dev.recount.dcb;

import dev.recount.testing.DatabaseServer;

class PostgresDcbRaceTest extends DcbRaceContract {
  @Override
  DatabaseServer database() {
    return DatabaseServer.postgres();
  }
}
