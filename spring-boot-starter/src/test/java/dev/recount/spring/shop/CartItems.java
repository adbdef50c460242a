package dev.recount.spring.shop;

import dev.recount.annotations.Handles;
import dev.recount.annotations.Projection;
import dev.recount.projection.Generation;
import dev.recount.projection.ProjectionContext;
import dev.recount.projection.ReadModel;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/** A read model of the items put in carts, one row per item. */
@Projection("cart-items")
public class CartItems implements ReadModel {
  private final String base;

  public CartItems(String tablePrefix) {
    this.base = tablePrefix + "cart_items";
  }

  public String base() {
    return base;
  }

  @Override
  public void createTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("CREATE TABLE IF NOT EXISTS " + generation.table(base)
          + " (cart_id VARCHAR(36) NOT NULL, item VARCHAR(100) NOT NULL)");
    }
  }

  @Override
  public void dropTables(Connection connection, Generation generation) throws SQLException {
    try (Statement ddl = connection.createStatement()) {
      ddl.execute("DROP TABLE IF EXISTS " + generation.table(base));
    }
  }

  @Handles
  void added(Cart.ItemAdded event, ProjectionContext context) throws SQLException {
    try (PreparedStatement insert = context
        .connection()
        .prepareStatement(
            "INSERT INTO " + context.table(base) + " (cart_id, item) VALUES (?, ?)")) {
      insert.setString(1, context.originatorId().toString());
      insert.setString(2, event.item());
      insert.executeUpdate();
    }
  }
}
