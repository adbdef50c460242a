package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leased followers on an in-memory H2 database served over TCP to every JVM. */
class H2LeasedFollowerTest extends LeasedFollowerContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer server() {
    return H2.database();
  }
}
