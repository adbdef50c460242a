package dev.recount.spring;

import dev.recount.spring.shop.ShopApplication;
import dev.recount.testing.DatabaseServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The starter over the MariaDB server, with tables of its own. */
@SpringBootTest(classes = ShopApplication.class)
class MariaDbStarterTest extends StarterContract {
  private static final String PREFIX = DatabaseServer.newPrefix("sm_starter");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    DatabaseServer server = DatabaseServer.mariadb().requireReachable();
    registry.add("spring.datasource.url", server::url);
    registry.add("spring.datasource.username", server::user);
    registry.add("spring.datasource.password", server::password);
    registry.add("recount.table-prefix", () -> PREFIX);
  }
}
