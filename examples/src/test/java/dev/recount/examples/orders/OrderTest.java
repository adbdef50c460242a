package dev.recount.examples.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recount.test.AggregateFixture;
import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The aggregates of the orders system, with recount-test's fixture and no database. */
class OrderTest {
  private final AggregateFixture<Order> orders = AggregateFixture.of(Order.class);
  private final Order.Created created = new Order.Created("Alice", new BigDecimal("12.50"));

  @Test
  void anOrderIsCreatedUnpaid() {
    orders
        .whenCreated(() -> Order.create("Alice", new BigDecimal("12.50")))
        .expectEvents(created)
        .expectState(order -> assertFalse(order.isPaid()));
    orders
        .whenCreated(() -> Order.create("Alice", BigDecimal.ZERO))
        .expectException(
            IllegalArgumentException.class, "an order's amount must be positive, not 0");
  }

  @Test
  void anOrderIsPaidOnce() {
    UUID payment = UUID.randomUUID();
    orders
        .given(created)
        .when(order -> order.pay(payment))
        .expectEvents(new Order.Paid(payment))
        .expectState(order -> assertEquals(payment, order.paymentId()));

    UUID other = UUID.randomUUID();
    orders
        .given(created, new Order.Paid(payment))
        .when(order -> order.pay(other))
        .expectException(
            IllegalStateException.class, "order " + orders.id() + " is already paid by " + payment)
        .expectState(order -> assertTrue(order.isPaid()));
  }

  @Test
  void reservationsAndPaymentsAreCreatedFromTheirOrder() {
    UUID order = UUID.randomUUID();
    UUID reservation = UUID.randomUUID();
    BigDecimal amount = new BigDecimal("3.00");

    AggregateFixture.of(Reservation.class)
        .whenCreated(() -> Reservation.create(order, amount))
        .expectEvents(new Reservation.Created(order, amount));
    AggregateFixture.of(Payment.class)
        .whenCreated(() -> Payment.create(order, reservation, amount))
        .expectEvents(new Payment.Created(order, reservation, amount))
        .expectState(payment -> assertEquals(reservation, payment.reservationId()));
  }
}
