package dev.recount.dcb;

import dev.recount.testing.DatabaseServer;

class MariaDbDcbRaceTest extends DcbRaceContract {
  @Override
  DatabaseServer database() {
    return DatabaseServer.mariadb();
  }
}
