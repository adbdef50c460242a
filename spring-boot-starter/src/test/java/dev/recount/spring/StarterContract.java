package dev.recount.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.log.Notification;
import dev.recount.projection.ProjectionRunner;
import dev.recount.spring.shop.Cart;
import dev.recount.spring.shop.CartRepository;
import dev.recount.spring.shop.Checkout;
import dev.recount.spring.shop.ShopTables;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The starter in a Spring Boot service: the generated repository is a bean, {@code @Transactional}
 * commits or rolls back the service's own row and the cart together, subscribers hear of commits
 * only, saves are counted in the context's meter registry, and the health indicator reports the
 * store. Subclasses name the database.
 */
// Closed after the class rather than cached to the JVM's exit, and only then are its tables
// dropped: its runners never read dropped tables, and no context is left to a shutdown hook.
@DirtiesContext
@ExtendWith(TablesAfterContext.class)
abstract class StarterContract {
  @Autowired
  Application app;

  @Autowired
  CartRepository carts;

  @Autowired
  Checkout checkout;

  @Autowired
  ShopTables tables;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  HealthIndicator recountHealthIndicator;

  @Autowired
  MeterRegistry meters;

  @Autowired
  ProjectionRunner cartItems;

  final List<Notification> heard = Collections.synchronizedList(new ArrayList<>());

  @BeforeEach
  void listen() {
    app.subscribe(heard::add);
  }

  private List<String> orders() {
    return jdbc.queryForList("SELECT what FROM " + tables.orders(), String.class);
  }

  @Test
  void theRepositoryIsABeanOverTheContextsApplication() {
    assertThat(carts.application()).isSameAs(app);
    Cart cart = Cart.open();
    carts.save(cart);
    assertThat(carts.get(cart.id()).items()).isEmpty();
  }

  @Test
  void aTransactionalMethodCommitsTheRowAndTheCartTogether() {
    Cart cart = Cart.open();
    cart.add("book");
    checkout.checkout(cart, "order 1", false);

    assertThat(orders()).containsOnlyOnce("order 1");
    assertThat(carts.get(cart.id()).items()).containsExactly("book", "checked out: order 1");
    assertThat(cart.pendingEvents()).isEmpty();
    assertThat(heard).hasSize(3);
  }

  @Test
  void anExceptionRollsBackTheRowAndTheCart() {
    Cart cart = Cart.open();
    cart.add("book");
    assertThatThrownBy(() -> checkout.checkout(cart, "order 2", true))
        .isInstanceOf(IllegalStateException.class);

    assertThat(orders()).doesNotContain("order 2");
    assertThat(carts.contains(cart.id())).isFalse();
    assertThat(heard).as("subscribers never hear of a rollback").isEmpty();
    assertThat(cart.pendingEvents()).hasSize(3);
    carts.save(cart);
    assertThat(carts.get(cart.id()).items()).containsExactly("book", "checked out: order 2");
  }

  @Test
  void aSaveInATransactionThatCanOnlyRollBackIsRefused() {
    Cart cart = Cart.open();
    assertThatThrownBy(() -> checkout.saveAfterARefusedPayment(cart, "order 3"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot save in a transaction that will roll back: it is marked rollback-only"
            + " (a @Transactional method in it failed, or setRollbackOnly() was called); nothing"
            + " would be stored");
    assertThatThrownBy(() -> checkout.saveAfterSetRollbackOnly(cart, "order 4"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("cannot save in a transaction that will roll back");

    assertThat(orders()).doesNotContain("order 3", "order 4");
    assertThat(carts.contains(cart.id())).isFalse();
    assertThat(heard).isEmpty();
    assertThat(cart.pendingEvents()).as("kept, to be saved elsewhere").hasSize(3);
    carts.save(cart);
    assertThat(carts.get(cart.id()).items())
        .containsExactly("checked out: order 3", "checked out: order 4");
  }

  @Test
  void twoSavesOfOneCartInOneTransactionAreStoredOnce() {
    Cart cart = Cart.open();
    checkout.twoSaves(cart);
    assertThat(carts.get(cart.id()).items()).containsExactly("first", "second");
    assertThat(orders()).contains("between");
    assertThat(cart.pendingEvents()).isEmpty();
  }

  @Test
  void savesAreCountedInTheContextsMeterRegistry() {
    double before = meters.get("recount.events.saved").counter().count();
    Cart cart = Cart.open();
    cart.add("pen");
    carts.save(cart);
    assertThat(meters.get("recount.events.saved").counter().count()).isEqualTo(before + 2);
    assertThat(meters.get("recount.saves").timers())
        .as("timed, whatever the outcome tag")
        .anyMatch(timer -> timer.count() > 0);
  }

  @Test
  void aProjectionBeansMetersAreInTheContextsMeterRegistry() throws Exception {
    double applied = meters
        .get("recount.projection.events.applied")
        .tag("projection", "cart-items")
        .counter()
        .count();
    Cart cart = Cart.open();
    cart.add("soap");
    cart.add("salt");
    long position = carts.save(cart);
    assertThat(cartItems.awaitProcessed(position, java.time.Duration.ofSeconds(20)))
        .isTrue();
    cartItems.status(); // refreshes the gauges, as each live pass does at most once a second
    // A batch is counted once it has committed, so just after its position is visible the
    // counter may not have moved yet.
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (meters
                .get("recount.projection.events.applied")
                .tag("projection", "cart-items")
                .counter()
                .count()
            < applied + 2
        && System.nanoTime() - deadline < 0) {
      Thread.sleep(10);
    }
    assertThat(meters
            .get("recount.projection.events.applied")
            .tag("projection", "cart-items")
            .counter()
            .count())
        .as("the two items added, each given to a handler")
        .isGreaterThanOrEqualTo(applied + 2);
    assertThat(meters
            .get("recount.projection.batches")
            .tags("projection", "cart-items", "outcome", "advanced")
            .timer()
            .count())
        .isPositive();
    assertThat(meters
            .get("recount.projection.position")
            .tag("projection", "cart-items")
            .gauge()
            .value())
        .isGreaterThanOrEqualTo(position);
    assertThat(
            meters.get("recount.projection.lag").tag("projection", "cart-items").gauge())
        .isNotNull();
    assertThat(meters
            .get("recount.projection.lag.time")
            .tag("projection", "cart-items")
            .timeGauge())
        .isNotNull();
    assertThat(meters
            .get("recount.projection.rebuilding")
            .tag("projection", "cart-items")
            .gauge()
            .value())
        .isZero();
    assertThat(meters
            .get("recount.projection.failures")
            .tag("projection", "cart-items")
            .counter())
        .isNotNull();
  }

  @Test
  void theHealthIndicatorReportsTheStore() {
    Cart cart = Cart.open();
    carts.save(cart);
    Health health = recountHealthIndicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    assertThat(health.getDetails())
        .containsEntry("lastNotificationId", app.log().maxId());
  }

  @Test
  void aProjectionBeanFollowsTheStoreAndItsStatusIsInTheHealth() throws Exception {
    Cart cart = Cart.open();
    cart.add("tea");
    cart.add("milk");
    long position = carts.save(cart);
    assertThat(cartItems.awaitProcessed(position, java.time.Duration.ofSeconds(20)))
        .isTrue();
    assertThat(jdbc.queryForList(
            "SELECT item FROM " + cartItems.table(tables.prefix() + "cart_items")
                + " WHERE cart_id = ?",
            String.class,
            cart.id().toString()))
        .containsExactlyInAnyOrder("tea", "milk");
    Health health = recountHealthIndicator.health();
    assertThat(health.getStatus()).isEqualTo(Status.UP);
    @SuppressWarnings("unchecked")
    java.util.Map<String, java.util.Map<String, Object>> projections =
        (java.util.Map<String, java.util.Map<String, Object>>)
            health.getDetails().get("projections");
    assertThat(projections.get("cart-items"))
        .containsEntry("generation", 1)
        .containsKey("lagEvents")
        .containsKey("lagMillis");
    assertThat((Long) projections.get("cart-items").get("position"))
        .isGreaterThanOrEqualTo(position);
  }
}
