package dev.recount.examples.orders;

import dev.recount.log.Notification;
import dev.recount.process.ProcessSystem;
import dev.recount.process.ProcessingUnit;
import java.util.Set;

/**
 * The classic pipeline: an order created leads to a reservation, a reservation to a payment, and a
 * payment back to the order, which is then paid.
 *
 * <pre>
 *   orders --Order.Created--&gt; reservations --Reservation.Created--&gt; payments
 *     ^                                                                  |
 *     +------------------------ Payment.Created -------------------------+
 * </pre>
 *
 * Each arrow is a pipe; each application stores into its own tables, and each policy's work is
 * saved with its tracking record, so every order is reserved once, paid once and marked paid once,
 * whichever runner runs the system and however often it is stopped.
 */
public final class OrdersSystem {
  public static final String ORDERS = "orders";
  public static final String RESERVATIONS = "reservations";
  public static final String PAYMENTS = "payments";

  private OrdersSystem() {}

  /** The system: the three applications and the pipes between them. */
  public static ProcessSystem system() {
    return ProcessSystem.builder()
        .application(ORDERS, OrdersSystem::orders)
        .application(RESERVATIONS, OrdersSystem::reservations)
        .application(PAYMENTS, OrdersSystem::payments)
        // Reservations need only new orders; the other pipes carry one topic each anyway.
        .pipe(ORDERS, RESERVATIONS, Set.of(OrderTopics.CREATED))
        .pipe(RESERVATIONS, PAYMENTS)
        .pipe(PAYMENTS, ORDERS)
        .build();
  }

  /** Orders: a payment pays its order. */
  static void orders(Notification notification, ProcessingUnit unit) {
    if (notification.event() instanceof Payment.Created payment) {
      Order order = OrderRepository.of(unit.application()).get(payment.orderId());
      order.pay(notification.originatorId());
      unit.save(order);
    }
  }

  /** Reservations: each new order gets a reservation. */
  static void reservations(Notification notification, ProcessingUnit unit) {
    if (notification.event() instanceof Order.Created created) {
      unit.save(Reservation.create(notification.originatorId(), created.amount()));
    }
  }

  /** Payments: each reservation is paid. */
  static void payments(Notification notification, ProcessingUnit unit) {
    if (notification.event() instanceof Reservation.Created reservation) {
      unit.save(
          Payment.create(reservation.orderId(), notification.originatorId(), reservation.amount()));
    }
  }
}
