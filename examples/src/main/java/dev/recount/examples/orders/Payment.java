package dev.recount.examples.orders;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.math.BigDecimal;
import java.util.UUID;

/** A payment for a reserved order: made by the payments application for each reservation. */
@Aggregate
public class Payment extends AggregateRoot {
  UUID orderId;
  UUID reservationId;
  BigDecimal amount;

  /** The order {@code orderId}, reserved by {@code reservationId}, was paid {@code amount}. */
  @Event
  public record Created(UUID orderId, UUID reservationId, BigDecimal amount) {}

  /** A new payment, not yet saved. */
  public static Payment create(UUID orderId, UUID reservationId, BigDecimal amount) {
    return create(Payment::new, new Created(orderId, reservationId, amount));
  }

  public UUID orderId() {
    return orderId;
  }

  public UUID reservationId() {
    return reservationId;
  }

  public BigDecimal amount() {
    return amount;
  }

  @Apply
  void on(Created event) {
    orderId = event.orderId();
    reservationId = event.reservationId();
    amount = event.amount();
  }
}
