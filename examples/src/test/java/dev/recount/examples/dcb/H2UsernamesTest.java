package dev.recount.examples.dcb;

import dev.recount.testing.DatabaseServer;

class H2UsernamesTest extends UsernamesContract {
  @Override
  protected DatabaseServer database() {
    return DatabaseServer.h2();
  }
}
