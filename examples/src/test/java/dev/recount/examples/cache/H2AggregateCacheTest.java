package dev.recount.examples.cache;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The aggregate cache on H2, served over TCP from this JVM so that child JVMs reach it. */
class H2AggregateCacheTest extends AggregateCacheContract {
  private static H2TcpServer tcp;

  @BeforeAll
  static void startServer() {
    tcp = H2TcpServer.start();
  }

  @AfterAll
  static void stopServer() {
    tcp.close();
  }

  @Override
  DatabaseServer server() {
    return DatabaseServer.h2(tcp);
  }
}
