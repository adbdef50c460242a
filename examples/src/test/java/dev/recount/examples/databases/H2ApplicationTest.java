package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The application contract on H2, served over TCP from this JVM so that others reach it. */
class H2ApplicationTest extends ApplicationContract {
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
