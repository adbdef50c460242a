package dev.recount.spring.shop;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes an order row of the service's own and saves the cart, in one transaction. */
@Service
public class Checkout {
  private final JdbcTemplate jdbc;
  private final CartRepository carts;
  private final String orders;

  public Checkout(JdbcTemplate jdbc, CartRepository carts, ShopTables tables) {
    this.jdbc = jdbc;
    this.carts = carts;
    this.orders = tables.orders();
  }

  /** Records the order and saves the cart; with {@code fail}, throws after both, rolling back. */
  @Transactional
  public void checkout(Cart cart, String order, boolean fail) {
    jdbc.update("INSERT INTO " + orders + " (what) VALUES (?)", order);
    cart.add("checked out: " + order);
    carts.save(cart);
    if (fail) {
      throw new IllegalStateException("payment refused for " + order);
    }
  }

  /** Saves the cart twice in one transaction, with an order row between. */
  @Transactional
  public void twoSaves(Cart cart) {
    cart.add("first");
    carts.save(cart);
    jdbc.update("INSERT INTO " + orders + " (what) VALUES (?)", "between");
    cart.add("second");
    carts.save(cart);
  }
}
