package dev.recount.dcb;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The races on H2; the racer processes reach the in-memory database through a TCP server. */
class H2DcbRaceTest extends DcbRaceContract {
  private static H2TcpServer server;

  @BeforeAll
  static void startServer() {
    server = H2TcpServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Override
  DatabaseServer database() {
    return DatabaseServer.h2(server);
  }
}
