package dev.recount.examples.spring;

import dev.recount.process.Runner;
import dev.recount.testing.DatabaseServer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The example service's metrics and health over the PostgreSQL server, with tables of its own. */
@ActiveProfiles("quiet")
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class PostgresServiceMetricsTest extends ServiceMetricsContract {
  private static final String PREFIX = DatabaseServer.newPrefix("sp_metrics");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    DatabaseServer server = DatabaseServer.postgres().requireReachable();
    registry.add("spring.datasource.url", server::url);
    registry.add("spring.datasource.username", server::user);
    registry.add("spring.datasource.password", server::password);
    registry.add("recount.table-prefix", () -> PREFIX);
  }

  /** The follower stops polling first: the context, cached, closes only when the JVM ends. */
  @AfterAll
  static void drop(@Autowired Runner bankFollowers) {
    bankFollowers.stop();
    DatabaseServer.postgres().drop(PREFIX);
  }
}
