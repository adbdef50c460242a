package dev.recount.dcb;

import dev.recount.testing.DatabaseServer;

class H2DcbTest extends DcbContract {
  @Override
  DatabaseServer database() {
    return DatabaseServer.h2();
  }
}
