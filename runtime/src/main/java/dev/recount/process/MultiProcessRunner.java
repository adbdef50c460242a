package dev.recount.process;

import dev.recount.Application;
import dev.recount.RecountException;
import dev.recount.http.RemoteNotificationLog;
import dev.recount.internal.Coalescer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ProcessSystem} with each application in a JVM of its own. The parent starts one
 * child per application with a command line it is given (a {@code main} of the user's that calls
 * {@link #runChild}), waits until each serves its notification log over HTTP, and tells each child
 * where its leaders' logs are. Each child then follows its leaders over HTTP
 * ({@link RemoteNotificationLog}) or, with {@link Builder#followThroughDatabase(boolean)}, straight
 * from their databases.
 *
 * <p>Followers are prompted when a leader records events: through PostgreSQL's LISTEN/NOTIFY when
 * the leader's database is PostgreSQL, and otherwise by the parent, which relays what each child
 * says it recorded to that child's followers. Each child also polls its leaders once per
 * {@link Builder#pollInterval(Duration) poll interval}, so a lost prompt only delays.
 *
 * <p>Each application needs its own tables: give each child its own H2 file, or its own
 * {@code TABLE_PREFIX} in one PostgreSQL database. {@link #application(String)} opens, in the
 * parent, the same database the child writes to, for commands and queries; an H2 file must
 * therefore allow more than one process ({@code ;AUTO_SERVER=TRUE}).
 *
 * <pre>{@code
 * // In the parent:
 * Function<String, Application.Builder> applications = name -> Application.builder()
 *     .dbUri("jdbc:h2:file:" + directory.resolve(name) + ";AUTO_SERVER=TRUE");
 * try (Runner runner = MultiProcessRunner.builder(system, applications,
 *         name -> MultiProcessRunner.javaCommand("com.acme.Main", "child", name))
 *     .startTimeout(Duration.ofSeconds(30)).build().start()) {
 *   ...
 * }
 * // In com.acme.Main, for "child <name>":
 * System.exit(MultiProcessRunner.runChild(system, name, applications));
 * }</pre>
 *
 * <p>A child that fails or dies is listed by {@link #failures()}; the others go on (its followers
 * wait for its log to come back). Killed and started again, a follower resumes from its tracking
 * records: nothing is processed twice, nothing is skipped.
 */
public final class MultiProcessRunner implements Runner {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private final ProcessSystem system;
  private final Function<String, Application.Builder> builders;
  private final Function<String, List<String>> commands;
  private final Failures failures;
  private final RunState state = new RunState();
  private final Map<String, ChildHandle> children = new LinkedHashMap<>();
  private final Map<String, ParentSide> opened = new LinkedHashMap<>();
  private final Duration pollInterval;
  private final Duration startTimeout;
  private final Duration stopTimeout;
  private final boolean throughDatabase;
  private final Map<String, String> environment;

  private MultiProcessRunner(Builder builder) {
    this.system = builder.system;
    this.builders = builder.applications;
    this.commands = builder.commands;
    this.pollInterval = builder.pollInterval;
    this.startTimeout = builder.startTimeout;
    this.stopTimeout = builder.stopTimeout;
    this.throughDatabase = builder.throughDatabase;
    this.environment = builder.environment;
    this.failures = new Failures(system.names());
  }

  /**
   * A builder of a runner of {@code system} that starts the child of the application called
   * {@code name} with the command line {@code commands.apply(name)}; the child must call
   * {@link #runChild} with the same system and the same {@code applications}.
   */
  public static Builder builder(
      ProcessSystem system,
      Function<String, Application.Builder> applications,
      Function<String, List<String>> commands) {
    return new Builder(system, applications, commands);
  }

  /**
   * The command line that runs {@code mainClass} with {@code arguments} in a JVM like this one: the
   * same {@code java} and the same class path.
   */
  public static List<String> javaCommand(String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(List.of(arguments));
    return command;
  }

  /**
   * Runs the application called {@code name} of {@code system} in this JVM as a child of a
   * {@link MultiProcessRunner}, until the runner stops it or goes away. Call it from the
   * {@code main} the runner's command starts, with the same system and application builders as the
   * parent, and exit with what it returns. Standard input and output belong to the runner from then
   * on ({@code System.out} is sent to standard error).
   *
   * @return the exit code: 0 when stopped normally, 1 if something failed (reported to the runner,
   *     and printed on standard error), 2 if the runner went away before it started
   */
  public static int runChild(
      ProcessSystem system, String name, Function<String, Application.Builder> applications) {
    PrintStream protocol = System.out;
    System.setOut(System.err);
    return new Child(system, name, applications, System.in, protocol).run();
  }

  /**
   * Starts a child per application, in declaration order, and waits until every one serves its log;
   * then lets them follow their leaders.
   *
   * @throws RunnerError if a child could not be started, exited or did not get ready in time; every
   *     child started is then killed
   */
  @Override
  public synchronized MultiProcessRunner start() {
    state.start();
    try {
      for (String name : system.names()) {
        List<String> command = commands.apply(name);
        if (command == null || command.isEmpty()) {
          throw new RunnerError(
              "could not start the system",
              Map.of(
                  name,
                  new IllegalArgumentException(
                      "the command function gave no command line for '" + name + "'")));
        }
        try {
          children.put(
              name, ChildHandle.launch(name, command, environment, this::onMessage, this::onExit));
        } catch (IOException e) {
          throw new RunnerError(
              "could not start the system",
              Map.of(
                  name,
                  new IllegalStateException("cannot run " + command + ": " + e.getMessage(), e)));
        }
      }
      awaitReady();
      for (ChildHandle child : children.values()) {
        child.send(ChildProtocol.POLL + " " + pollInterval.toMillis());
        if (throughDatabase) {
          child.send(ChildProtocol.DATABASE);
        } else {
          for (String leader : system.leaders(child.name)) {
            ChildHandle served = children.get(leader);
            child.send(
                ChildProtocol.LEADER + " " + leader + " " + served.uri() + " " + served.token());
          }
        }
        child.send(ChildProtocol.GO);
      }
      LOG.info(
          "the multi-process runner started {} as child JVMs, polling every {} ms",
          system.names(),
          pollInterval.toMillis());
      return this;
    } catch (RuntimeException e) {
      state.stopped();
      for (ChildHandle child : children.values()) {
        child.kill();
      }
      throw e;
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + startTimeout.toNanos();
    Map<String, Throwable> notReady = new LinkedHashMap<>();
    for (ChildHandle child : children.values()) {
      try {
        if (!child.awaitReady(deadline)) {
          if (child.isAlive()) {
            notReady.put(
                child.name,
                new IllegalStateException(
                    child.name + " did not serve its log within " + startTimeout));
          } else {
            child.awaitExit(deadline);
            notReady.put(child.name, new RecountException(child.describeExit()));
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        notReady.put(child.name, e);
        break;
      }
    }
    if (!notReady.isEmpty()) {
      throw new RunnerError("could not start the system", notReady);
    }
  }

  private void onMessage(ChildHandle child, String message) {
    if (message.equals(ChildProtocol.RECORDED)) {
      relay(child.name);
    } else if (message.startsWith(ChildProtocol.FAILED + " ")) {
      failures.add(
          child.name,
          new RecountException(
              ChildProtocol.unescape(message.substring(ChildProtocol.FAILED.length() + 1))));
    }
  }

  private void onExit(ChildHandle child) {
    if (state.isRunning()) {
      failures.add(
          child.name, new RecountException(child.describeExit() + " while the system was running"));
    }
  }

  /** Prompts the followers of {@code leader} that do not hear of it through NOTIFY. */
  private void relay(String leader) {
    for (String follower : system.followers(leader)) {
      ChildHandle child = children.get(follower);
      if (child != null && !child.listensTo(leader)) {
        child.send(ChildProtocol.PROMPT + " " + leader);
      }
    }
  }

  /**
   * The application called {@code name}, opened in this JVM on the database its child writes to (at
   * the first call), for commands and queries. What it records prompts the child's followers.
   */
  @Override
  public synchronized Application application(String name) {
    state.checkRunning();
    if (!system.contains(name)) {
      throw new IllegalArgumentException(
          "the system has no application '" + name + "'; it has " + system.names());
    }
    ParentSide side = opened.get(name);
    if (side == null) {
      side = new ParentSide(name, builders.apply(name));
      opened.put(name, side);
    }
    return side.application;
  }

  @Override
  public ProcessSystem system() {
    return system;
  }

  @Override
  public Map<String, Throwable> awaitFailure(Duration timeout) throws InterruptedException {
    return failures.await(timeout);
  }

  @Override
  public Map<String, Throwable> failures() {
    return failures.snapshot();
  }

  /**
   * Asks every child to finish the notification it is processing, then to exit; kills those that
   * have not within the stop timeout.
   *
   * @throws RunnerError listing each application that failed, exited on its own, or had to be
   *     killed
   */
  @Override
  public void stop() {
    // The monitor only orders the stop after start() and application(), which then refuses; the
    // children are waited for without it.
    synchronized (this) {
      if (!state.stop()) {
        return;
      }
    }
    long deadline = System.nanoTime() + stopTimeout.toNanos();
    try {
      for (ChildHandle child : children.values()) {
        child.send(ChildProtocol.PAUSE);
      }
      for (ChildHandle child : children.values()) {
        child.awaitPaused(deadline);
      }
      for (ChildHandle child : children.values()) {
        child.send(ChildProtocol.EXIT);
        child.closeInput();
      }
      for (ChildHandle child : children.values()) {
        if (!child.awaitExit(Math.max(deadline, System.nanoTime() + 5_000_000_000L))) {
          child.kill();
          child.awaitExit(System.nanoTime() + 10_000_000_000L);
          failures.add(
              child.name,
              new IllegalStateException(
                  child.name + " did not stop within " + stopTimeout + " and was killed"));
        } else if (child.exitCode() != 0 && !failures.has(child.name)) {
          failures.add(child.name, new RecountException(child.describeExit()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      for (ChildHandle child : children.values()) {
        child.kill();
      }
    } finally {
      for (Map.Entry<String, ParentSide> side : opened.entrySet()) {
        try {
          side.getValue().close();
        } catch (RuntimeException e) {
          failures.add(side.getKey(), e);
        }
      }
    }
    LOG.info(
        "the runner of {} stopped{}",
        system.names(),
        failures.has() ? " after failures (they were logged as they happened)" : "");
    failures.throwIfAny("the system stopped");
  }

  /** An application opened by the parent, and how what it records reaches the followers. */
  private final class ParentSide implements AutoCloseable {
    final Application application;
    private final Coalescer prompter;

    ParentSide(String name, Application.Builder builder) {
      this.application = builder.build();
      // On PostgreSQL the application itself sends NOTIFY after its commits.
      this.prompter = new Coalescer("recount-prompt-" + name, () -> relay(name));
      application.subscribe(notification -> prompter.signal());
    }

    @Override
    public void close() {
      prompter.close();
      application.close();
    }
  }

  /** Configures a {@link MultiProcessRunner}. Each {@link #build()} makes a new runner. */
  public static final class Builder {
    private final ProcessSystem system;
    private final Function<String, Application.Builder> applications;
    private final Function<String, List<String>> commands;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration startTimeout = Duration.ofSeconds(60);
    private Duration stopTimeout = Duration.ofSeconds(60);
    private boolean throughDatabase;
    private Map<String, String> environment = Map.of();

    private Builder(
        ProcessSystem system,
        Function<String, Application.Builder> applications,
        Function<String, List<String>> commands) {
      this.system = Objects.requireNonNull(system, "system");
      this.applications = Objects.requireNonNull(applications, "applications");
      this.commands = Objects.requireNonNull(commands, "commands");
    }

    /**
     * How often each child polls its leaders without being prompted (default 1 s).
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = MultiThreadedRunner.positive(interval, "poll interval");
      return this;
    }

    /**
     * How long {@link MultiProcessRunner#start()} waits for the children to serve their logs
     * (default 60 s).
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = MultiThreadedRunner.positive(timeout, "start timeout");
      return this;
    }

    /**
     * How long {@link MultiProcessRunner#stop()} waits for the children to finish their
     * notifications and exit (default 60 s); then it kills them.
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = MultiThreadedRunner.positive(timeout, "stop timeout");
      return this;
    }

    /**
     * Variables added to each child's environment (which is otherwise this process's), such as the
     * {@code DB_URI} or {@code CIPHER_KEY} its application builder reads: better than arguments for
     * secrets, which other users of the machine can see. Replaces what an earlier call gave
     * (default none).
     */
    public Builder childEnvironment(Map<String, String> variables) {
      this.environment = Map.copyOf(variables);
      return this;
    }

    /**
     * Whether the children read their leaders' logs straight from the leaders' databases (each
     * child opens its leaders' applications) instead of over HTTP (the default). Every child must
     * be able to reach every leader's database: PostgreSQL, or H2 with {@code AUTO_SERVER=TRUE}.
     */
    public Builder followThroughDatabase(boolean throughDatabase) {
      this.throughDatabase = throughDatabase;
      return this;
    }

    /** A new runner, not started yet: call {@link MultiProcessRunner#start()}. */
    public MultiProcessRunner build() {
      return new MultiProcessRunner(this);
    }
  }
}
