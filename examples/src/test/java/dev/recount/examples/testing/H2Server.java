package dev.recount.examples.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * An H2 server in the test's JVM on a free local port, keeping its databases in a directory:
 * separate processes reach the same databases through it, each by name.
 */
public final class H2Server implements AutoCloseable {
  private final Server server;
  private final Path directory;

  public H2Server(Path directory) {
    this.directory = directory;
    try {
      server = Server.createTcpServer("-tcpPort", "0", "-baseDir", directory.toString(),
          "-ifNotExists").start();
    } catch (SQLException e) {
      throw new IllegalStateException("could not start an H2 server", e);
    }
  }

  /**
   * The URL of each application's database: {@code %s} stands for its name. Each database stays
   * open until the server stops: H2 may corrupt a file that the server closes and reopens at once.
   */
  public String urlPattern() {
    return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/%s;DB_CLOSE_DELAY=-1";
  }

  /** Reads one number from the database called {@code name}. */
  public long count(String name, String sql) {
    try (Connection connection = DriverManager.getConnection(urlPattern().replace("%s", name));
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  /** Closes every database of the directory, then stops the server. */
  @Override
  public void close() {
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        if (name.endsWith(".mv.db")) {
          try (Connection connection = DriverManager.getConnection(urlPattern().replace("%s",
              name.substring(0, name.length() - ".mv.db".length())));
              Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN");
          } catch (SQLException e) {
            // closed already
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
