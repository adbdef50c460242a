package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class PostgresInvoicesTest extends InvoicesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.postgres();
  }
}
