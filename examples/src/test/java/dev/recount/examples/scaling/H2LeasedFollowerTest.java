package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServer;
import org.junit.jupiter.api.AfterAll;

/** Leased followers on an in-memory H2 database served over TCP to every JVM. */
class H2LeasedFollowerTest extends LeasedFollowerContract {
  private static final H2TcpServer H2 = H2TcpServer.start();

  @Override
  DatabaseServer server() {
    return DatabaseServer.h2(H2);
  }

  @AfterAll
  static void stopServer() {
    H2.close();
  }
}
