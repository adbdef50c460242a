package dev.recount.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An {@link H2TcpServer} for in-memory databases, started before a test class's {@code @BeforeAll}
 * methods (its contract's included) and stopped after its tests. Registered in a static field:
 *
 * <pre>{@code
 * @RegisterExtension static final H2TcpServerExtension H2 = new H2TcpServerExtension();
 * }</pre>
 */
public final class H2TcpServerExtension implements BeforeAllCallback, AfterAllCallback {
  private H2TcpServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = H2TcpServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  /** The running server. */
  public H2TcpServer server() {
    if (server == null) {
      throw new IllegalStateException("the H2 server runs only while its test class does");
    }
    return server;
  }

  /** A fresh in-memory database on the server ({@link DatabaseServer#h2(H2TcpServer)}). */
  public DatabaseServer database() {
    return DatabaseServer.h2(server());
  }
}
