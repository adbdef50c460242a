package dev.recount.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.examples.testing.H2Database;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.Runner;
import dev.recount.process.SingleThreadedRunner;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The orders, reservations and payments system, in one thread and in many. */
class OrdersSystemTest {
  private final H2Database database = new H2Database();
  private final Function<String, Application.Builder> tables =
      name -> database.application().tablePrefix(name + "_");

  @AfterEach
  void close() {
    database.close();
  }

  private static List<Object> events(Application application) {
    return new NotificationLogReader(application.log())
        .read().stream().map(Notification::event).toList();
  }

  @Test
  void anOrderIsReservedPaidAndMarkedPaidBeforeItsSaveReturns() {
    try (Runner runner = SingleThreadedRunner.builder(
            OrdersSystem.system(), name -> Application.builder())
        .build()
        .start()) {
      Order order = Order.create("Ada", new BigDecimal("42.50"));
      OrderRepository.of(runner.application(OrdersSystem.ORDERS)).save(order);

      Order paid = OrderRepository.of(runner.application(OrdersSystem.ORDERS)).get(order.id());
      assertThat(paid.isPaid()).isTrue();
      Payment payment =
          PaymentRepository.of(runner.application(OrdersSystem.PAYMENTS)).get(paid.paymentId());
      Reservation reservation = ReservationRepository.of(
              runner.application(OrdersSystem.RESERVATIONS))
          .get(payment.reservationId());
      assertThat(payment.orderId()).isEqualTo(order.id());
      assertThat(payment.amount()).isEqualByComparingTo("42.50");
      assertThat(reservation.orderId()).isEqualTo(order.id());
      assertThat(reservation.amount()).isEqualByComparingTo("42.50");
    }
  }

  @Test
  void manyThreadsPayEveryOrderOnce() {
    try (Runner runner = MultiThreadedRunner.builder(OrdersSystem.system(), tables)
        .pollInterval(Duration.ofHours(1))
        .build()
        .start()) {
      OrdersExample.placeAndAwait(runner, 200, Duration.ofSeconds(60));

      List<Object> payments = events(runner.application(OrdersSystem.PAYMENTS));
      List<Object> reservations = events(runner.application(OrdersSystem.RESERVATIONS));
      assertThat(reservations).hasSize(200);
      assertThat(payments).hasSize(200);
      assertThat(payments.stream().map(p -> ((Payment.Created) p).orderId()).distinct())
          .hasSize(200);
      Map<Class<?>, Integer> orders = new HashMap<>();
      for (Object event : events(runner.application(OrdersSystem.ORDERS))) {
        orders.merge(event.getClass(), 1, Integer::sum);
      }
      assertThat(orders)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(Order.Created.class, 200, Order.Paid.class, 200));
    }
  }

  @Test
  void ordersLeftHalfwayByOneRunnerAreFinishedByAnotherExactlyOnce() {
    List<UUID> placed = new ArrayList<>();
    Runner threads =
        MultiThreadedRunner.builder(OrdersSystem.system(), tables).build().start();
    OrderRepository orders = OrderRepository.of(threads.application(OrdersSystem.ORDERS));
    for (int i = 0; i < 100; i++) {
      Order order = Order.create("Bob", BigDecimal.ONE);
      orders.save(order);
      placed.add(order.id());
    }
    threads.stop(); // whatever was in flight stays unprocessed, not half-processed

    try (Runner single =
        SingleThreadedRunner.builder(OrdersSystem.system(), tables).build().start()) {
      OrderRepository finished = OrderRepository.of(single.application(OrdersSystem.ORDERS));
      for (UUID id : placed) {
        assertThat(finished.get(id).isPaid()).as("order %s paid", id).isTrue();
      }
      assertThat(events(single.application(OrdersSystem.PAYMENTS))).hasSize(100);
      assertThat(events(single.application(OrdersSystem.RESERVATIONS))).hasSize(100);
    }
  }

  @Test
  void anOrderIsPaidOnceAndForAPositiveAmount() {
    Order order = Order.create("Cy", BigDecimal.TEN);
    UUID payment = UUID.randomUUID();
    order.pay(payment);

    assertThatThrownBy(() -> order.pay(UUID.randomUUID()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("order " + order.id() + " is already paid by " + payment);
    assertThatThrownBy(() -> Order.create("Cy", BigDecimal.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an order's amount must be positive, not 0");
  }
}
