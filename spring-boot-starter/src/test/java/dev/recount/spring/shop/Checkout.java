package dev.recount.spring.shop;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionAspectSupport;

/** Writes an order row of the service's own and saves the cart, in one transaction. */
@Service
public class Checkout {
  private final JdbcTemplate jdbc;
  private final CartRepository carts;
  private final Payments payments;
  private final String orders;

  public Checkout(JdbcTemplate jdbc, CartRepository carts, Payments payments, ShopTables tables) {
    this.jdbc = jdbc;
    this.carts = carts;
    this.payments = payments;
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

  /**
   * Records the order, lets a payment that joins the transaction fail, carries on regardless and
   * saves the cart: the transaction is rollback-only by then.
   */
  @Transactional
  public void saveAfterARefusedPayment(Cart cart, String order) {
    jdbc.update("INSERT INTO " + orders + " (what) VALUES (?)", order);
    try {
      payments.refuse(order);
    } catch (IllegalArgumentException declined) {
      // ignored, wrongly: the transaction can only roll back now
    }
    cart.add("checked out: " + order);
    carts.save(cart);
  }

  /** Records the order, marks the transaction rollback-only, then saves the cart. */
  @Transactional
  public void saveAfterSetRollbackOnly(Cart cart, String order) {
    jdbc.update("INSERT INTO " + orders + " (what) VALUES (?)", order);
    TransactionAspectSupport.currentTransactionStatus().setRollbackOnly();
    cart.add("checked out: " + order);
    carts.save(cart);
  }
}
