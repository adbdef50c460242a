package dev.recount.spring.shop;

import dev.recount.spring.RecountProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The service's own table, next to Recount's, with the test's prefix. */
@Component
public class ShopTables {
  private final String prefix;
  private final String orders;

  public ShopTables(JdbcTemplate jdbc, RecountProperties properties) {
    this.prefix = properties.getTablePrefix();
    this.orders = prefix + "orders";
    jdbc.execute("CREATE TABLE " + orders + " (what VARCHAR(100))");
  }

  /** The test's table prefix. */
  public String prefix() {
    return prefix;
  }

  public String orders() {
    return orders;
  }
}
