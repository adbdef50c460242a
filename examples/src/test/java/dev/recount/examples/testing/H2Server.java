package dev.recount.examples.testing;

import dev.recount.testing.H2TcpServer;
import java.nio.file.Path;

/**
 * An H2 server in the test's JVM on a free local port, keeping its databases in a directory:
 * separate processes reach the same databases through it, each by name.
 */
public final class H2Server implements AutoCloseable {
  private final H2TcpServer server;

  public H2Server(Path directory) {
    server = H2TcpServer.start(directory);
  }

  /**
   * The URL of each application's database: {@code %s} stands for its name. Each database stays
   * open until the server stops (see {@link H2TcpServer#url}).
   */
  public String urlPattern() {
    return server.url("%s");
  }

  /** Reads one number from the database called {@code name}. */
  public long count(String name, String sql) {
    return server.database(name).queryLong(sql);
  }

  /** Closes every database of the directory, then stops the server. */
  @Override
  public void close() {
    server.close();
  }
}
