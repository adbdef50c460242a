package dev.recount.examples.databases;

import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The application contract on H2, served over TCP from this JVM so that others reach it. */
class H2ApplicationTest extends ApplicationContract {
  private static org.h2.tools.Server tcp;

  @BeforeAll
  static void startServer() throws SQLException {
    tcp = org.h2.tools.Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
  }

  @AfterAll
  static void stopServer() {
    tcp.stop();
  }

  @Override
  Server server() {
    return Server.h2(tcp);
  }
}
