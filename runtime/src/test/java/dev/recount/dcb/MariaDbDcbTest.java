package dev.recount.dcb;

import dev.recount.testing.DatabaseServer;

class MariaDbDcbTest extends DcbContract {
  @Override
  DatabaseServer database() {
    return DatabaseServer.mariadb();
  }
}
