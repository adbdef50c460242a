package dev.recount.examples.orders;

import dev.recount.Application;
import dev.recount.examples.PerApplication;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import dev.recount.process.MultiProcessRunner;
import dev.recount.process.MultiThreadedRunner;
import dev.recount.process.ProcessSystem;
import dev.recount.process.Runner;
import dev.recount.process.RunnerError;
import dev.recount.process.SingleThreadedRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.h2.tools.Server;

/**
 * {@code orders --runner single|threads|processes [--count N]}: runs the {@link OrdersSystem},
 * places N orders, waits until every one is paid, and prints the throughput.
 *
 * <p>With {@code DB_URI} set, the three applications share that database, each with its own table
 * prefix ({@code TABLE_PREFIX} followed by its name). Without it, each gets a private in-memory H2
 * database, or with {@code --runner processes} its own database on an H2 server that this process
 * runs for the children, in a temporary directory.
 */
public final class OrdersExample {
  /** How long to wait for the last order to be paid. */
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private OrdersExample() {}

  /** Runs the command; returns the exit code. */
  public static int run(
      List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
    String runnerName = null;
    int count = 100;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--runner") && i + 1 < args.size()) {
        runnerName = args.get(++i);
      } else if (arg.equals("--count") && i + 1 < args.size()) {
        try {
          count = Integer.parseInt(args.get(++i));
        } catch (NumberFormatException e) {
          count = -1;
        }
        if (count < 1) {
          err.println("--count must be a positive whole number, not '" + args.get(i) + "'");
          return 2;
        }
      } else {
        err.println("unexpected argument '" + arg + "'\n" + usage());
        return 2;
      }
    }
    if (runnerName == null || !List.of("single", "threads", "processes").contains(runnerName)) {
      err.println(usage());
      return 2;
    }

    Server h2 = null;
    Path directory = null;
    String h2Url = null;
    try {
      if (runnerName.equals("processes") && !PerApplication.isSet(environment, "DB_URI")) {
        // The children and this process share an H2 server: a database per application.
        directory = Files.createTempDirectory("recount-orders");
        h2 = Server.createTcpServer(
                "-tcpPort", "0", "-baseDir", directory.toString(), "-ifNotExists")
            .start();
        // Each database stays open until the server stops (H2 may corrupt a file it closes and
        // reopens at once).
        h2Url = "jdbc:h2:tcp://127.0.0.1:" + h2.getPort() + "/%s;DB_CLOSE_DELAY=-1";
      }
      Runner runner = runner(runnerName, environment, h2Url);
      out.println("running the orders system with the " + runnerName + " runner");
      Result result;
      try {
        runner.start();
        result = placeAndAwait(runner, count, TIMEOUT);
      } catch (RuntimeException e) {
        try {
          runner.stop();
        } catch (RunnerError stopError) {
          e.addSuppressed(stopError);
        }
        throw e;
      }
      runner.stop();
      out.printf("placed %d orders in %d ms%n", count, result.placedMillis());
      out.printf(
          "all %d orders paid in %d ms: %.0f orders/s%n",
          count, result.paidMillis(), result.ordersPerSecond());
      return 0;
    } catch (RunnerError | IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } catch (IOException | SQLException e) {
      err.println("error: " + e.getMessage());
      return 1;
    } finally {
      if (h2 != null) {
        shutdown(h2Url);
        h2.stop();
      }
      if (directory != null) {
        deleteRecursively(directory);
      }
    }
  }

  /**
   * {@code orders-child <name> <H2 URL pattern or ->}: one application, run by the processes
   * runner.
   */
  public static int runChild(List<String> args, Map<String, String> environment) {
    if (args.size() != 2) {
      System.err.println("usage: orders-child <application> <H2 URL pattern or ->");
      return 2;
    }
    return MultiProcessRunner.runChild(
        OrdersSystem.system(),
        args.get(0),
        PerApplication.settings(environment, args.get(1).equals("-") ? null : args.get(1)));
  }

  static String usage() {
    return "usage: java -jar examples.jar orders --runner single|threads|processes [--count N]";
  }

  /**
   * The runner of that name for the orders system, its applications configured by
   * {@code environment} and {@code h2Url} as {@link PerApplication#settings} says.
   */
  public static Runner runner(String name, Map<String, String> environment, String h2Url) {
    return runner(name, environment, h2Url, List.of());
  }

  /**
   * Like {@link #runner(String, Map, String)}, with these options for the children's JVMs (such as
   * {@code -XX:TieredStopAtLevel=1}, which start faster and run slower).
   */
  public static Runner runner(
      String name, Map<String, String> environment, String h2Url, List<String> jvmOptions) {
    ProcessSystem system = OrdersSystem.system();
    Function<String, Application.Builder> applications =
        PerApplication.settings(environment, h2Url);
    switch (name) {
      case "single":
        return SingleThreadedRunner.builder(system, applications).build();
      case "threads":
        return MultiThreadedRunner.builder(system, applications).build();
      case "processes":
        return processes(environment, h2Url, jvmOptions).build();
      default:
        throw new IllegalArgumentException(
            "no runner '" + name + "': single, threads or processes");
    }
  }

  /**
   * A builder of the {@code processes} runner of {@link #runner(String, Map, String, List)}, to
   * configure further (its poll interval, say): each child runs the {@code orders-child} command in
   * a JVM with {@code jvmOptions}, with {@code environment} added to its own.
   */
  public static MultiProcessRunner.Builder processes(
      Map<String, String> environment, String h2Url, List<String> jvmOptions) {
    return MultiProcessRunner.builder(
            OrdersSystem.system(), PerApplication.settings(environment, h2Url), application -> {
              List<String> command = new ArrayList<>(MultiProcessRunner.javaCommand(
                  "dev.recount.examples.Main",
                  "orders-child",
                  application,
                  h2Url == null ? "-" : h2Url));
              command.addAll(1, jvmOptions);
              return command;
            })
        .childEnvironment(environment);
  }

  /** How long placing the orders took, and how long until the last was paid. */
  public record Result(int orders, long placedMillis, long paidMillis) {
    public double ordersPerSecond() {
      return orders * 1000.0 / Math.max(1, paidMillis);
    }
  }

  /**
   * Places {@code count} orders through the runner's orders application and waits until each one is
   * paid (read from the orders log).
   *
   * @throws IllegalStateException if an application failed, or not all were paid in time
   */
  public static Result placeAndAwait(Runner runner, int count, Duration timeout) {
    Application orders = runner.application(OrdersSystem.ORDERS);
    OrderRepository repository = OrderRepository.of(orders);
    NotificationLogReader paid = new NotificationLogReader(
            orders.log(), orders.log().maxId())
        .topics(Set.of(OrderTopics.PAID))
        .pageSize(500);
    Set<UUID> unpaid = new HashSet<>();
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Order order = Order.create("customer " + (i % 17), BigDecimal.valueOf(10 + i % 90, 0));
      unpaid.add(order.id());
      repository.save(order);
    }
    long placed = System.nanoTime();
    awaitPaid(runner, paid, unpaid, start + timeout.toNanos());
    long done = System.nanoTime();
    return new Result(count, (placed - start) / 1_000_000, (done - start) / 1_000_000);
  }

  /** Reads Paid events until none of {@code unpaid} is left. */
  public static void awaitPaid(
      Runner runner, NotificationLogReader paid, Set<UUID> unpaid, long deadlineNanos) {
    while (!unpaid.isEmpty()) {
      List<Notification> page = paid.read();
      for (Notification notification : page) {
        unpaid.remove(notification.originatorId());
      }
      if (!runner.failures().isEmpty()) {
        throw new IllegalStateException(
            "the system failed with " + unpaid.size() + " orders unpaid: " + runner.failures());
      }
      if (unpaid.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadlineNanos) {
        throw new IllegalStateException(
            unpaid.size() + " orders were still unpaid when the time" + " ran out");
      }
      if (page.isEmpty()) {
        sleep(5);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for payments", e);
    }
  }

  /** Closes each application's database on the H2 server. */
  private static void shutdown(String h2Url) {
    for (String name : OrdersSystem.system().names()) {
      try (Connection connection = DriverManager.getConnection(h2Url.replace("%s", name));
          Statement statement = connection.createStatement()) {
        statement.execute("SHUTDOWN");
      } catch (SQLException e) {
        // not opened, or closed already
      }
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      List<Path> all = new ArrayList<>(paths.sorted(Comparator.reverseOrder()).toList());
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete " + directory, e);
    }
  }
}
