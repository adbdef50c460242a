package dev.recount.examples.databases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.PersistenceError;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.testing.ChildJvm;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An application whose database is unreachable at start fails at once, saying where it looked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnreachableDatabaseTest {
  private static String closedUrl(String scheme) throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "jdbc:" + scheme + "://127.0.0.1:" + socket.getLocalPort() + "/test";
    }
  }

  @Test
  void buildingTheApplicationIsAClearError() throws IOException {
    String url = closedUrl("postgresql");
    assertThatThrownBy(() -> Application.builder().dbUri(url).dbUser("app").build())
        .isInstanceOf(PersistenceError.class)
        .hasMessage("cannot connect to " + url + " as user 'app': Connection refused");
  }

  @Test
  void theExamplesProgramSaysSoAndExitsWithOne() throws Exception {
    String url = closedUrl("mariadb");
    try (ChildJvm world = ApplicationEnvironment.startJvm(
        "world", Map.of("DB_URI", url, "DB_USER", "root"), "dev.recount.examples.Main", "world")) {
      assertThat(world.outputUntilExit(Duration.ofSeconds(30))).isEmpty();
      assertThat(world.awaitExit(Duration.ofSeconds(5))).isEqualTo(1);
      assertThat(world.stderr())
          .isEqualTo("error: cannot connect to " + url + " as user 'root': Connection refused\n");
    }
  }
}
