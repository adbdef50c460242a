package dev.recount.process;

import dev.recount.Application;
import dev.recount.http.NotificationLogServer;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.internal.Coalescer;
import dev.recount.internal.Internal;
import dev.recount.internal.PostgresPrompts;
import dev.recount.log.NotificationLog;
import dev.recount.store.EventStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One application of a system in a JVM of its own, started by a {@link MultiProcessRunner}: it
 * serves its log over HTTP, follows its leaders (over HTTP, or through their databases), tells the
 * parent when it records events and hears from it when its leaders did (or from PostgreSQL's
 * NOTIFY), and stops when asked or when the parent goes away.
 */
final class Child {
  private final ProcessSystem system;
  private final String name;
  private final Function<String, Application.Builder> builders;
  private final BufferedReader in;
  private final PrintStream out;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private volatile boolean failed;

  Child(
      ProcessSystem system,
      String name,
      Function<String, Application.Builder> builders,
      InputStream in,
      PrintStream out) {
    this.system = system;
    this.name = name;
    this.builders = builders;
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
  }

  /** Runs until told to exit; returns the exit code (0 unless something failed). */
  int run() {
    try {
      return serve();
    } catch (IOException | RuntimeException e) {
      report(e);
      e.printStackTrace();
      return 1;
    } finally {
      while (!resources.isEmpty()) {
        try {
          resources.pop().close();
        } catch (Exception e) {
          // closing on the way out: the exit code already says what went wrong
        }
      }
    }
  }

  private int serve() throws IOException {
    if (!system.contains(name)) {
      throw new IllegalArgumentException(
          "the system has no application '" + name + "'; it has " + system.names());
    }
    Application application = open(builders.apply(name));
    // A token of this child's own, told only to the runner over the private pipe of its standard
    // output, so that other users of the machine cannot read the log from the loopback port.
    String token = ChildProtocol.newToken();
    NotificationLogServer server = NotificationLogServer.builder(application)
        .address(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
        .bearerToken(token)
        .start();
    resources.push(server);
    Map<String, Map<String, String>> leaders = new LinkedHashMap<>();
    List<String> listened = new ArrayList<>();
    for (String leader : system.leaders(name)) {
      Map<String, String> settings = Internal.applications().environment(builders.apply(leader));
      leaders.put(leader, settings);
      if (PostgresPrompts.supports(EventStore.address(settings))) {
        listened.add(leader);
      }
    }
    send(ChildProtocol.READY + " " + server.uri() + " "
        + (listened.isEmpty() ? "-" : String.join(",", listened)) + " " + token);

    Duration poll = Duration.ofSeconds(1);
    Map<String, URI> uris = new LinkedHashMap<>();
    Map<String, String> tokens = new LinkedHashMap<>();
    boolean throughDatabase = false;
    String line;
    while (!ChildProtocol.GO.equals(line = in.readLine())) {
      if (line == null) {
        return 2; // the parent went away before the system started
      }
      String[] words = line.split(" ");
      switch (words[0]) {
        case ChildProtocol.POLL:
          poll = Duration.ofMillis(Long.parseLong(words[1]));
          break;
        case ChildProtocol.LEADER:
          uris.put(words[1], URI.create(words[2]));
          tokens.put(words[1], words[3]);
          break;
        case ChildProtocol.DATABASE:
          throughDatabase = true;
          break;
        default:
          throw new IllegalStateException("unexpected line from the runner: " + line);
      }
    }

    FollowerThread follower = null;
    if (system.policy(name).isPresent()) {
      ProcessApplication.Builder process = ProcessApplication.builder(name, application)
          .policy(system.policy(name).get());
      for (Map.Entry<String, Map<String, String>> leader : leaders.entrySet()) {
        NotificationLog log;
        if (throughDatabase) {
          log = open(builders.apply(leader.getKey())).log();
        } else {
          URI uri = uris.get(leader.getKey());
          if (uri == null) {
            throw new IllegalStateException(
                "the runner gave no address for leader '" + leader.getKey() + "'");
          }
          log = RemoteNotificationLog.builder(uri)
              .settings(leader.getValue())
              .bearerToken(tokens.get(leader.getKey()))
              .build();
        }
        process.follow(leader.getKey(), log, system.topics(leader.getKey(), name));
      }
      follower = new FollowerThread(process.build(), poll, this::report);
    }

    // On PostgreSQL the application itself sends NOTIFY after its commits.
    Coalescer recorded = new Coalescer("recount-recorded", () -> send(ChildProtocol.RECORDED));
    resources.push(recorded);
    application.subscribe(notification -> recorded.signal());

    if (follower != null) {
      FollowerThread prompted = follower;
      for (String leader : listened) {
        resources.push(new PostgresPrompts.Listener(
            EventStore.address(leaders.get(leader)),
            () -> prompted.prompt(leader),
            "recount-listen-" + leader));
      }
      follower.start();
    }

    while ((line = in.readLine()) != null && !line.equals(ChildProtocol.EXIT)) {
      if (line.startsWith(ChildProtocol.PROMPT + " ") && follower != null) {
        follower.prompt(line.substring(ChildProtocol.PROMPT.length() + 1));
      } else if (line.equals(ChildProtocol.PAUSE)) {
        pause(follower);
        send(ChildProtocol.PAUSED);
      }
    }
    pause(follower);
    return failed ? 1 : 0;
  }

  private void pause(FollowerThread follower) {
    if (follower == null) {
      return;
    }
    follower.stop();
    follower.join(Duration.ofDays(1));
    if (follower.transientFailure() != null && !failed) {
      report(follower.transientFailure());
    }
  }

  private Application open(Application.Builder builder) {
    if (builder == null) {
      throw new IllegalStateException("the application builder function returned null");
    }
    Application application = builder.build();
    resources.push(application);
    return application;
  }

  private void report(Throwable failure) {
    failed = true;
    send(ChildProtocol.FAILED + " " + ChildProtocol.escape(ChildProtocol.describe(failure)));
  }

  private void send(String message) {
    synchronized (out) {
      out.println(ChildProtocol.PREFIX + message);
      out.flush();
    }
  }
}
