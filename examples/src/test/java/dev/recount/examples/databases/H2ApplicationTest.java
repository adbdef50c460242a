package dev.recount.examples.databases;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The application contract on H2, served over TCP from this JVM so that others reach it. */
class H2ApplicationTest extends ApplicationContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer server() {
    return H2.database();
  }
}
