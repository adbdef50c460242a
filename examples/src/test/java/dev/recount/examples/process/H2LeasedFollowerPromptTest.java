package dev.recount.examples.process;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A prompted leased follower on an H2 server over TCP. */
class H2LeasedFollowerPromptTest extends LeasedFollowerPromptContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer server() {
    return H2.database();
  }

  @Override
  boolean notifies() {
    return false;
  }
}
