package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.ConfigurationError;
import dev.recount.PersistenceError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A database that cannot be reached at start is a clear error, at once, naming where it is. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UnreachableDatabaseTest {
  /** A loopback port nothing listens on (it was free a moment ago). */
  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void postgresNobodyListensOn() throws IOException {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/test";
    assertThatThrownBy(() -> Recorders.open(url, "postgres", null, "recount_", true, 2))
        .isInstanceOf(PersistenceError.class)
        .hasMessageStartingWith("cannot connect to " + url + " as user 'postgres': ")
        .hasMessageContaining("Connection")
        .hasMessageNotContaining("at org.");
  }

  @Test
  void mariadbNobodyListensOn() throws IOException {
    String url = "jdbc:mariadb://127.0.0.1:" + closedPort() + "/test";
    assertThatThrownBy(() -> Recorders.open(url, "root", "secret", "recount_", true, 2))
        .isInstanceOf(PersistenceError.class)
        .hasMessageStartingWith("cannot connect to " + url + " as user 'root': ")
        .hasMessageNotContaining("secret");
  }

  /**
   * One line naming the setting and the path, and nothing on standard error: H2 would print its
   * stack traces there (over 50 lines) when it cannot write its trace file.
   */
  @Test
  void anH2FileInADirectoryThatCannotExist() {
    String url = "jdbc:h2:file:/proc/recount/none";
    PrintStream stderr = System.err;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      assertThatThrownBy(() -> Recorders.open(url, null, null, "recount_", true, 2))
          .isInstanceOf(ConfigurationError.class)
          .hasMessage("DB_URI: cannot open the H2 database /proc/recount/none: its directory"
              + " /proc/recount does not exist and cannot be created"
              + " (NoSuchFileException: /proc/recount)");
    } finally {
      System.setErr(stderr);
    }
    assertThat(printed.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnsupportedDatabase() {
    assertThatThrownBy(
            () -> Recorders.open("jdbc:sqlserver://db:1433", null, null, "recount_", true, 2))
        .isInstanceOf(ConfigurationError.class)
        .hasMessageContaining("DB_URI")
        .hasMessageContaining("jdbc:postgresql:");
  }
}
