package dev.recount.examples.cache;

import dev.recount.testing.DatabaseServer;
import dev.recount.testing.H2TcpServerExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The aggregate cache on H2, served over TCP from this JVM so that child JVMs reach it. */
class H2AggregateCacheTest extends AggregateCacheContract {
  @RegisterExtension
  static final H2TcpServerExtension H2 = new H2TcpServerExtension();

  @Override
  DatabaseServer server() {
    return H2.database();
  }
}
