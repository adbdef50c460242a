package dev.recount.jooq;

import dev.recount.testing.H2TcpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Notification order on H2, whose writers commit one at a time; the writer processes reach the
 * in-memory database through an H2 TCP server in this JVM.
 */
class H2NotificationOrderingTest extends NotificationOrderingContract {
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
  TestDatabase database() {
    return TestDatabase.h2(server);
  }

  @Override
  void slowDownWrites(TestDatabase db, String prefix) {
    // Writers already take turns on the lock; H2's triggers would need a class of their own.
  }
}
