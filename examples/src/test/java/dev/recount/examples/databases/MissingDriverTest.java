package dev.recount.examples.databases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.PersistenceError;
import dev.recount.testing.ChildJvm;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL and MariaDB drivers are optional dependencies of the runtime: a user who forgot
 * one is told which dependency to add, before any connection is tried.
 */
class MissingDriverTest {
  @Test
  void aMissingPostgresDriverIsAPersistenceErrorNamingTheUrlAndTheDependency() throws Exception {
    List<String> output = openWithout("postgresql-", "jdbc:postgresql://127.0.0.1:5432/test");

    assertThat(output)
        .containsExactly(
            "PersistenceError: cannot connect to jdbc:postgresql://127.0.0.1:5432/test: no JDBC"
                + " driver for it is on the class path; add the dependency"
                + " org.postgresql:postgresql (Recount is tested with version "
                + System.getProperty("postgresql.version") + ")");
  }

  @Test
  void aMissingMariaDbDriverIsAPersistenceErrorNamingTheUrlAndTheDependency() throws Exception {
    List<String> output = openWithout("mariadb-java-client-", "jdbc:mariadb://127.0.0.1:3306/test");

    assertThat(output)
        .containsExactly(
            "PersistenceError: cannot connect to jdbc:mariadb://127.0.0.1:3306/test: no JDBC"
                + " driver for it is on the class path; add the dependency"
                + " org.mariadb.jdbc:mariadb-java-client (Recount is tested with version "
                + System.getProperty("mariadb.version") + ")");
  }

  private static List<String> openWithout(String jar, String url) throws InterruptedException {
    try (ChildJvm child = ChildJvm.startWith(
        "an application without " + jar,
        entry -> !entry.contains(jar),
        OpenApplication.class.getName(),
        url)) {
      return child.outputUntilExit(Duration.ofSeconds(60));
    }
  }

  /** Opens an application on the URL of its argument and prints what it failed with. */
  public static final class OpenApplication {
    private OpenApplication() {}

    public static void main(String[] args) {
      try (Application app = Application.builder().dbUri(args[0]).build()) {
        System.out.println("opened " + app.log().select(1, 1).size());
      } catch (PersistenceError e) {
        System.out.println("PersistenceError: " + e.getMessage());
      }
    }
  }
}
