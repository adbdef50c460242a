package dev.recount.examples.orders;

import dev.recount.Application;
import dev.recount.examples.testing.H2Server;
import dev.recount.examples.testing.Postgres;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import dev.recount.process.Runner;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Figures for the orders pipeline: orders fully processed (created, reserved, paid, marked paid)
 * per second with each runner on H2 and on PostgreSQL, and how far the followers lag behind under a
 * sustained load. Not part of {@code mvn verify}; run it with
 *
 * <pre>
 * mvn -q -pl examples -am test -Dtest=PipelineBenchmark -Dbenchmark=true \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * or its {@code main} on the examples' test class path. {@code -Dorders=N} sets how many orders
 * each throughput run places (default 1000), {@code -Dseconds=S} how long each lag run lasts
 * (default 20).
 */
class PipelineBenchmark {
  private static final int ORDERS = Integer.getInteger("orders", 1000);
  private static final int WARM_UP = 200;
  private static final int SECONDS = Integer.getInteger("seconds", 20);

  @Test
  @EnabledIfSystemProperty(named = "benchmark", matches = "true")
  void run() throws Exception {
    main(new String[0]);
  }

  public static void main(String[] args) throws Exception {
    System.out.printf(
        "orders pipeline: %d orders per run after %d to warm up; %d cores; Java %s%n",
        ORDERS,
        WARM_UP,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    List<String> lines = new ArrayList<>();
    for (String database : List.of("h2", "postgres")) {
      if (database.equals("postgres")) {
        try {
          Postgres.assumeReachable();
        } catch (RuntimeException e) {
          System.out.println("PostgreSQL is not reachable: skipped");
          continue;
        }
      }
      for (String runner : List.of("single", "threads", "processes")) {
        double perSecond = withRunner(database, runner, PipelineBenchmark::throughput);
        lines.add(
            String.format("throughput %-8s %-9s %6.0f orders/s", database, runner, perSecond));
        System.out.println(lines.get(lines.size() - 1));
        if (!runner.equals("single")) {
          double rate = Math.max(5, Math.floor(perSecond / 2));
          String lag = withRunner(database, runner, r -> lag(r, rate));
          lines.add(String.format(
              "lag        %-8s %-9s at %4.0f orders/s: %s", database, runner, rate, lag));
          System.out.println(lines.get(lines.size() - 1));
        }
      }
    }
    System.out.println("\nsummary");
    lines.forEach(System.out::println);
  }

  private interface Measurement<T> {
    T measure(Runner runner) throws Exception;
  }

  /** Runs {@code measurement} with a fresh system on {@code database} under {@code runnerName}. */
  private static <T> T withRunner(String database, String runnerName, Measurement<T> measurement)
      throws Exception {
    Path directory = Files.createTempDirectory("recount-bench");
    String prefix = Postgres.uniquePrefix("recpipe");
    H2Server server = null;
    try {
      Map<String, String> environment = new HashMap<>();
      String h2Url = null;
      if (database.equals("postgres")) {
        environment.putAll(Postgres.environment(prefix));
        environment.put("DB_POOL_SIZE", "10");
      } else if (runnerName.equals("processes")) {
        server = new H2Server(directory);
        h2Url = server.urlPattern();
      } else {
        h2Url = "jdbc:h2:file:" + directory.toAbsolutePath() + "/%s";
      }
      Runner runner = runnerName.equals("processes")
          ? OrdersExample.processes(environment, h2Url, List.of())
              .pollInterval(Duration.ofSeconds(5))
              .build()
          : OrdersExample.runner(runnerName, environment, h2Url);
      runner.start();
      try {
        return measurement.measure(runner);
      } finally {
        runner.stop();
      }
    } finally {
      if (server != null) {
        server.close();
      }
      if (database.equals("postgres")) {
        Postgres.dropTables(prefix);
      }
      deleteQuietly(directory);
    }
  }

  private static double throughput(Runner runner) {
    OrdersExample.placeAndAwait(runner, WARM_UP, Duration.ofMinutes(5));
    return OrdersExample.placeAndAwait(runner, ORDERS, Duration.ofMinutes(10)).ordersPerSecond();
  }

  /**
   * Places orders at {@code rate} per second for the configured time, then reads from the logs how
   * long after each order was created its reservation was (the lag of the first follower) and when
   * it was marked paid (the whole loop).
   */
  private static String lag(Runner runner, double rate) throws Exception {
    OrdersExample.placeAndAwait(runner, WARM_UP, Duration.ofMinutes(5));
    Application orders = runner.application(OrdersSystem.ORDERS);
    Application reservations = runner.application(OrdersSystem.RESERVATIONS);
    long ordersFrom = orders.log().maxId();
    long reservationsFrom = reservations.log().maxId();
    OrderRepository repository = OrderRepository.of(orders);
    Set<UUID> placed = new HashSet<>();
    long start = System.nanoTime();
    long count = Math.round(rate * SECONDS);
    for (long i = 0; i < count; i++) {
      long due = start + (long) (i * 1e9 / rate);
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      Order order = Order.create("lag", BigDecimal.ONE);
      repository.save(order);
      placed.add(order.id());
    }
    long sent = System.nanoTime();
    NotificationLogReader paid = new NotificationLogReader(orders.log(), ordersFrom)
        .topics(Set.of(OrderTopics.PAID))
        .pageSize(500);
    OrdersExample.awaitPaid(
        runner, paid, new HashSet<>(placed), sent + Duration.ofMinutes(5).toNanos());
    double achieved = count / ((sent - start) / 1e9);

    Map<UUID, Instant> created = new HashMap<>();
    Map<UUID, Instant> paidAt = new HashMap<>();
    for (Notification n :
        new NotificationLogReader(orders.log(), ordersFrom).pageSize(1000).read()) {
      if (n.event() instanceof Order.Created) {
        created.put(n.originatorId(), n.timestamp());
      } else if (n.event() instanceof Order.Paid) {
        paidAt.put(n.originatorId(), n.timestamp());
      }
    }
    List<Long> reservationLag = new ArrayList<>();
    for (Notification n : new NotificationLogReader(reservations.log(), reservationsFrom)
        .pageSize(1000)
        .read()) {
      Reservation.Created reservation = (Reservation.Created) n.event();
      if (placed.contains(reservation.orderId())) {
        reservationLag.add(
            Duration.between(created.get(reservation.orderId()), n.timestamp()).toMillis());
      }
    }
    List<Long> loopLag = new ArrayList<>();
    for (UUID id : placed) {
      loopLag.add(Duration.between(created.get(id), paidAt.get(id)).toMillis());
    }
    return String.format(
        "(achieved %.0f/s) reserved after p50 %d ms, p99 %d ms, max %d ms;"
            + " paid after p50 %d ms, p99 %d ms, max %d ms",
        achieved,
        percentile(reservationLag, 50),
        percentile(reservationLag, 99),
        percentile(reservationLag, 100),
        percentile(loopLag, 50),
        percentile(loopLag, 99),
        percentile(loopLag, 100));
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static void deleteQuietly(Path directory) {
    try (var paths = Files.walk(directory)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // a temporary directory: the system cleans it up eventually
    }
  }
}
