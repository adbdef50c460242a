package dev.recount.examples.scaling;

import dev.recount.Application;
import dev.recount.examples.orders.Order;
import dev.recount.process.LeasedFollower;
import dev.recount.process.ProcessApplication;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One instance of the "counter" process application in a JVM of its own: it follows the orders
 * application's log and records an {@link Effect} per order created, under a {@link LeasedFollower}
 * with the other instances. Arguments: JDBC URL, user ("-" for none), password ("-"), table prefix,
 * instance name, segments, lease duration in ms, policy pause in ms. Prints "ready" once started;
 * on stdin "held" prints "held {segment=token, ...}", "tried" prints "tried {token=saves, ...}"
 * (the saves its policy attempted under each token, stored or not), "stop" stops and prints
 * "stopped".
 */
public final class LeasedCounter {
  private LeasedCounter() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1].equals("-") ? null : args[1];
    String password = args[2].equals("-") ? null : args[2];
    String prefix = args[3];
    String instance = args[4];
    int segments = Integer.parseInt(args[5]);
    long leaseMillis = Long.parseLong(args[6]);
    long pauseMillis = Long.parseLong(args[7]);
    java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(1);
    Thread watchdog = new Thread(() -> {
      try {
        if (!ready.await(25, java.util.concurrent.TimeUnit.SECONDS)) {
          Thread.getAllStackTraces().forEach((thread, stack) -> {
            System.err.println(thread);
            for (StackTraceElement element : stack) {
              System.err.println("    " + element);
            }
          });
        }
      } catch (InterruptedException e) {
        // ends
      }
    });
    watchdog.setDaemon(true);
    watchdog.start();
    Application orders =
        builder(url, user, password, prefix + "orders_").readOnly(true).build();
    Application counter = builder(url, user, password, prefix + "counter_").build();
    AtomicReference<LeasedFollower> follower = new AtomicReference<>();
    // Saves attempted, by the token they were made under: those the fence refused are not stored.
    Map<Long, AtomicInteger> tried = new ConcurrentSkipListMap<>();
    ProcessApplication process = ProcessApplication.builder("counter", counter)
        .follow("orders", orders.log())
        .pageSize(20)
        .policy((notification, unit) -> {
          if (notification.event() instanceof Order.Created) {
            pause(pauseMillis);
            Long token = follower
                .get()
                .held()
                .get(LeasedFollower.segmentOf(notification.originatorId(), segments));
            tried
                .computeIfAbsent(token == null ? 0 : token, t -> new AtomicInteger())
                .incrementAndGet();
            unit.save(
                Effect.record(notification.originatorId(), instance, token == null ? 0 : token));
          }
        })
        .build();
    follower.set(LeasedFollower.builder(process)
        .segments(segments)
        .instance(instance)
        .leaseDuration(Duration.ofMillis(leaseMillis))
        .renewInterval(Duration.ofMillis(leaseMillis / 4))
        .pollInterval(Duration.ofMillis(20))
        .build());
    follower.get().start();
    ready.countDown();
    System.out.println("ready");
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      if (line.equals("held")) {
        System.out.println("held " + follower.get().held());
      } else if (line.equals("tried")) {
        System.out.println("tried " + tried);
      } else if (line.equals("stop")) {
        follower.get().stop();
        counter.close();
        orders.close();
        System.out.println("stopped");
        System.exit(0);
      }
    }
    System.exit(1); // the test is gone
  }

  private static void pause(long millis) {
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static Application.Builder builder(String url, String user, String password, String prefix) {
    Application.Builder builder =
        Application.builder().dbUri(url).tablePrefix(prefix).poolSize(4);
    if (user != null) {
      builder.dbUser(user);
    }
    if (password != null) {
      builder.dbPassword(password);
    }
    return builder;
  }
}
