package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Segments moving between leased followers, on an H2 server over TCP. */
class H2LeasedFollowerRebalanceTest extends LeasedFollowerRebalanceContract {
  private static H2TcpServer h2;

  @BeforeAll
  static void startServer() {
    h2 = H2TcpServer.start();
  }

  @AfterAll
  static void stopServer() {
    h2.close();
  }

  @Override
  DatabaseServer server() {
    return DatabaseServer.h2(h2);
  }
}
