package dev.recount.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * An H2 TCP server in the test's JVM on a free port, through which child JVMs reach the same H2
 * databases as the test: in-memory ones, or files in a directory. Closing it stops it.
 */
public final class H2TcpServer implements AutoCloseable {
  private final Server server;
  private final Path directory;

  private H2TcpServer(Path directory, String... arguments) {
    this.directory = directory;
    try {
      server = Server.createTcpServer(arguments).start();
    } catch (SQLException e) {
      throw new IllegalStateException("could not start an H2 server", e);
    }
  }

  /** A server for in-memory databases ({@code mem:NAME}), created on first use. */
  public static H2TcpServer start() {
    return new H2TcpServer(null, "-tcpPort", "0", "-ifNotExists");
  }

  /** A server for databases kept in files in {@code directory}, created on first use. */
  public static H2TcpServer start(Path directory) {
    return new H2TcpServer(
        directory, "-tcpPort", "0", "-baseDir", directory.toString(), "-ifNotExists");
  }

  public int port() {
    return server.getPort();
  }

  /**
   * The URL of the database {@code name} on this server ({@code mem:NAME} for one in memory). The
   * database stays open until the server stops: H2 may corrupt a file that is closed and reopened
   * at once, and drops an in-memory database when its last connection closes.
   */
  public String url(String name) {
    return "jdbc:h2:tcp://127.0.0.1:" + port() + "/" + name + ";DB_CLOSE_DELAY=-1";
  }

  /** The database {@code name} on this server. */
  public DatabaseServer database(String name) {
    return new DatabaseServer(DatabaseServer.Kind.H2, url(name), null, null);
  }

  /**
   * Stops the server, after shutting down each database of its directory: the open databases would
   * otherwise stay open in this JVM, holding their files.
   */
  @Override
  public void close() {
    if (directory == null) {
      server.stop();
      return;
    }
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".mv.db")) {
          try (Connection connection = DriverManager.getConnection(
                  url(name.substring(0, name.length() - ".mv.db".length())));
              Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
          } catch (SQLException e) {
            // Closed already.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      server.stop();
    }
  }
}
