package dev.recount.dcb;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The races on H2; the racer processes reach the in-memory database through a TCP server. */
class H2DcbRaceTest extends DcbRaceContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer database() {
    return H2.database();
  }
}
