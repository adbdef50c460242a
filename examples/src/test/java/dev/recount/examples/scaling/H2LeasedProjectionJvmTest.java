package dev.recount.examples.scaling;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leased projection instances in JVMs of their own on an in-memory H2 database over TCP. */
class H2LeasedProjectionJvmTest extends LeasedProjectionJvmContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer server() {
    return H2.database();
  }
}
