package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class MariaDbUsernamesTest extends UsernamesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.mariadb();
  }
}
