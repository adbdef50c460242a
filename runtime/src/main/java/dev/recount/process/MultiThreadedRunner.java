package dev.recount.process;

import dev.recount.Application;
import dev.recount.Subscriber;
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
 * Runs a {@link ProcessSystem} in this JVM with a thread per follower. When an application records
 * events, its followers' threads are prompted and pull them; each thread also polls its leaders
 * once per {@link Builder#pollInterval(Duration) poll interval}, for what a writer outside this
 * runner recorded. Commands may come from any thread.
 *
 * <pre>{@code
 * try (Runner runner = MultiThreadedRunner.builder(system, name -> Application.builder())
 *     .pollInterval(Duration.ofMillis(200)).build().start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>A follower whose policy fails stops processing and is listed by {@link #failures()} and by the
 * {@link RunnerError} that {@link #stop()} throws; the other applications go on. A policy that
 * loses an optimistic-concurrency race with a command is retried.
 */
public final class MultiThreadedRunner implements Runner {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private final ProcessSystem system;
  private final Function<String, Application.Builder> builders;
  private final Failures failures;
  private final RunState state = new RunState();
  private final Duration pollInterval;
  private final Duration stopTimeout;
  private LocalApplications applications;
  private final Map<String, FollowerThread> threads = new LinkedHashMap<>();
  private final Map<String, Subscriber> prompters = new LinkedHashMap<>();

  private MultiThreadedRunner(Builder builder) {
    this.system = builder.system;
    this.builders = builder.applications;
    this.pollInterval = builder.pollInterval;
    this.stopTimeout = builder.stopTimeout;
    this.failures = new Failures(system.names());
  }

  /**
   * A builder of a runner of {@code system} whose application called {@code name} is built by
   * {@code applications.apply(name)}: give each its own database or its own {@code TABLE_PREFIX}.
   */
  public static Builder builder(
      ProcessSystem system, Function<String, Application.Builder> applications) {
    return new Builder(system, applications);
  }

  /** {@code duration}, if it is positive. */
  static Duration positive(Duration duration, String what) {
    Objects.requireNonNull(duration, what);
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("the " + what + " must be positive, not " + duration);
    }
    return duration;
  }

  @Override
  public synchronized MultiThreadedRunner start() {
    state.start();
    try {
      applications = LocalApplications.open(system, builders);
    } catch (RunnerError e) {
      state.stopped();
      throw e;
    }
    for (String name : system.names()) {
      ProcessApplication process = applications.process(name);
      if (process != null) {
        threads.put(
            name,
            new FollowerThread(process, pollInterval, failure -> failures.add(name, failure)));
      }
    }
    for (String leader : system.names()) {
      List<FollowerThread> followers = new ArrayList<>();
      for (String follower : system.followers(leader)) {
        followers.add(threads.get(follower));
      }
      if (!followers.isEmpty()) {
        Subscriber prompter = notification -> {
          for (FollowerThread follower : followers) {
            follower.prompt(leader, notification.id());
          }
        };
        prompters.put(leader, prompter);
        applications.application(leader).subscribe(prompter);
      }
    }
    threads.values().forEach(FollowerThread::start);
    LOG.info(
        "the multi-threaded runner started {}, polling every {} ms",
        system.names(),
        pollInterval.toMillis());
    return this;
  }

  @Override
  public Application application(String name) {
    state.checkRunning();
    return applications.application(name);
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

  @Override
  public void stop() {
    // The monitor only orders the stop after start(); the threads are waited for without it, in
    // case one of them needs it.
    synchronized (this) {
      if (!state.stop()) {
        return;
      }
    }
    for (Map.Entry<String, Subscriber> prompter : prompters.entrySet()) {
      applications.application(prompter.getKey()).unsubscribe(prompter.getValue());
    }
    threads.values().forEach(FollowerThread::stop);
    for (Map.Entry<String, FollowerThread> thread : threads.entrySet()) {
      if (!thread.getValue().join(stopTimeout)) {
        failures.add(
            thread.getKey(),
            new IllegalStateException(
                thread.getKey() + " did not finish its notification within " + stopTimeout));
      } else if (thread.getValue().transientFailure() != null) {
        failures.add(thread.getKey(), thread.getValue().transientFailure());
      }
    }
    applications.closeAll().forEach(failures::add);
    LOG.info(
        "the runner of {} stopped{}",
        system.names(),
        failures.has() ? " after failures (they were logged as they happened)" : "");
    failures.throwIfAny("the system stopped");
  }

  /** Configures a {@link MultiThreadedRunner}. Each {@link #build()} makes a new runner. */
  public static final class Builder {
    private final ProcessSystem system;
    private final Function<String, Application.Builder> applications;
    private Duration pollInterval = Duration.ofSeconds(1);
    private Duration stopTimeout = Duration.ofSeconds(60);

    private Builder(ProcessSystem system, Function<String, Application.Builder> applications) {
      this.system = Objects.requireNonNull(system, "system");
      this.applications = Objects.requireNonNull(applications, "applications");
    }

    /**
     * How often each follower polls its leaders without being prompted (default 1 s).
     *
     * @throws IllegalArgumentException if {@code interval} is not positive
     */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = positive(interval, "poll interval");
      return this;
    }

    /**
     * How long {@link MultiThreadedRunner#stop()} waits for each thread to finish its notification
     * (default 60 s).
     *
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public Builder stopTimeout(Duration timeout) {
      this.stopTimeout = positive(timeout, "stop timeout");
      return this;
    }

    /** A new runner, not started yet: call {@link MultiThreadedRunner#start()}. */
    public MultiThreadedRunner build() {
      return new MultiThreadedRunner(this);
    }
  }
}
