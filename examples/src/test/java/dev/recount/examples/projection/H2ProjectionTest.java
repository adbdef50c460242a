package dev.recount.examples.projection;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Projections on an H2 server, reached over TCP by the application and the runner alike. */
class H2ProjectionTest extends ProjectionContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer server() {
    return H2.database();
  }
}
