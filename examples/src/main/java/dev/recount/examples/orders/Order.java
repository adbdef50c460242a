package dev.recount.examples.orders;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.math.BigDecimal;
import java.util.UUID;

/** An order of a customer: created by a command, paid when the payments application says so. */
@Aggregate
public class Order extends AggregateRoot {
  String customer;
  BigDecimal amount;
  UUID paymentId;

  /** The order was placed. */
  @Event
  public record Created(String customer, BigDecimal amount) {}

  /** The order was paid by the payment {@code paymentId}. */
  @Event
  public record Paid(UUID paymentId) {}

  /** A new order, not yet saved. */
  public static Order create(String customer, BigDecimal amount) {
    if (amount.signum() <= 0) {
      throw new IllegalArgumentException("an order's amount must be positive, not " + amount);
    }
    return create(Order::new, new Created(customer, amount));
  }

  /**
   * Records that the payment {@code paymentId} paid the order.
   *
   * @throws IllegalStateException if it is already paid
   */
  public void pay(UUID paymentId) {
    if (isPaid()) {
      throw new IllegalStateException("order " + id() + " is already paid by " + this.paymentId);
    }
    trigger(new Paid(paymentId));
  }

  public String customer() {
    return customer;
  }

  public BigDecimal amount() {
    return amount;
  }

  public boolean isPaid() {
    return paymentId != null;
  }

  /** The payment that paid it, or null while unpaid. */
  public UUID paymentId() {
    return paymentId;
  }

  @Apply
  void on(Created event) {
    customer = event.customer();
    amount = event.amount();
  }

  @Apply
  void on(Paid event) {
    paymentId = event.paymentId();
  }
}
