package dev.recount.jooq;

import java.sql.SQLException;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Notification order on H2, whose writers commit one at a time; the writer processes reach the
 * in-memory database through an H2 TCP server in this JVM.
 */
class H2NotificationOrderingTest extends NotificationOrderingContract {
  private static Server server;

  @BeforeAll
  static void startServer() throws SQLException {
    server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
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
