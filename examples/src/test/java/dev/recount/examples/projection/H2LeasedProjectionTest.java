package dev.recount.examples.projection;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Projection instances sharing segments through leases on an H2 server over TCP. */
class H2LeasedProjectionTest extends LeasedProjectionContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer server() {
    return H2.database();
  }
}
