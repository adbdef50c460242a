package dev.recount.examples.scaling;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.recount.Application;
import dev.recount.process.LeasedFollower;
import dev.recount.projection.ProjectionRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One instance of the {@link FencedHistoryProjection} in a JVM of its own, with a connection pool
 * of its own: a leased {@link ProjectionRunner} sharing the projection's segments with the other
 * instances while it follows the worlds the test saves. Arguments: JDBC URL, user ("-" for none),
 * password ("-"), table prefix (of the worlds' application and of the projection), instance name,
 * segments, lease duration in ms, stall in ms. Prints "ready" once started; on stdin, "stall" makes
 * its next handler call print "stalling" and then take the stall's milliseconds (the test pauses it
 * meanwhile, inside the batch), "handled <token>" prints "handled <n>", the events it handled under
 * that token whether their batch committed or not, and "stop" closes the runner (its batch under
 * way commits, its leases are released), prints "stopped" and exits 0.
 */
public final class LeasedProjectionInstance {
  private LeasedProjectionInstance() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    String user = args[1].equals("-") ? null : args[1];
    String password = args[2].equals("-") ? null : args[2];
    String prefix = args[3];
    String instance = args[4];
    int segments = Integer.parseInt(args[5]);
    long leaseMillis = Long.parseLong(args[6]);
    long stallMillis = Long.parseLong(args[7]);
    Application worlds =
        LeasedCounter.builder(url, user, password, prefix).readOnly(true).build();
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername(user);
    config.setPassword(password);
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(5_000);
    HikariDataSource pool = new HikariDataSource(config);
    // The handlers record the token of the lease this instance holds on the event's segment, as
    // the runner shows it: what the batch is fenced by, unless the lease is lost meanwhile.
    AtomicReference<ProjectionRunner> runner = new AtomicReference<>();
    FencedHistoryProjection projection = new FencedHistoryProjection(
        prefix,
        instance,
        aggregate ->
            runner.get().held().getOrDefault(LeasedFollower.segmentOf(aggregate, segments), 0L),
        stallMillis);
    runner.set(ProjectionRunner.builder(projection, pool)
        .follow(worlds)
        .tablePrefix(prefix)
        .batchSize(20)
        .pollInterval(Duration.ofMillis(50))
        .leased(Duration.ofMillis(leaseMillis))
        .segments(segments)
        .instance(instance)
        .build());
    runner.get().start();
    System.out.println("ready");
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      if (line.equals("stall")) {
        projection.stallNext(() -> System.out.println("stalling"));
      } else if (line.startsWith("handled ")) {
        System.out.println(
            "handled " + projection.handled(Long.parseLong(line.substring("handled ".length()))));
      } else if (line.equals("stop")) {
        runner.get().close();
        pool.close();
        worlds.close();
        System.out.println("stopped");
        System.exit(0);
      }
    }
    System.exit(1); // the test is gone
  }
}
