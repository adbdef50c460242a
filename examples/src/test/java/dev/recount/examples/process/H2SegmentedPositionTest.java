package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A segmented follower's position on an H2 server over TCP. */
class H2SegmentedPositionTest extends SegmentedPositionContract {
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
