package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class H2InvoicesTest extends InvoicesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.h2();
  }
}
