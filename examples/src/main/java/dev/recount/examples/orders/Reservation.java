package dev.recount.examples.orders;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.math.BigDecimal;
import java.util.UUID;

/** Stock reserved for an order: made by the reservations application when an order is created. */
@Aggregate
public class Reservation extends AggregateRoot {
  UUID orderId;
  BigDecimal amount;

  /** Stock was reserved for the order {@code orderId}, worth {@code amount}. */
  @Event
  public record Created(UUID orderId, BigDecimal amount) {}

  /** A new reservation for an order, not yet saved. */
  public static Reservation create(UUID orderId, BigDecimal amount) {
    return create(Reservation::new, new Created(orderId, amount));
  }

  public UUID orderId() {
    return orderId;
  }

  public BigDecimal amount() {
    return amount;
  }

  @Apply
  void on(Created event) {
    orderId = event.orderId();
    amount = event.amount();
  }
}
