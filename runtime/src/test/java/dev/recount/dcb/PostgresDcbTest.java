package dev.recount.dcb;

import dev.recount.testing.DatabaseServer;

class PostgresDcbTest extends DcbContract {
  @Override
  DatabaseServer database() {
    return DatabaseServer.postgres();
  }
}
