package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class MariaDbInvoicesTest extends InvoicesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.mariadb();
  }
}
