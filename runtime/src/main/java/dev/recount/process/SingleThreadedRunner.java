package dev.recount.process;

import dev.recount.Application;
import dev.recount.Subscriber;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link ProcessSystem} in the thread that saves, deterministically. When an application
 * records events, the runner prompts its followers in declaration order, one after another, in the
 * saving thread; what they record prompts their own followers, queued first in, first out, until
 * nothing is left to do. So when a command's {@code save} returns, everything downstream of it has
 * been processed, in an order that is the same on every run: what tests want.
 *
 * <p>Meant for one thread of commands. If another thread saves while the first one is processing,
 * its prompt is queued and processed by the first thread; its own save returns at once.
 *
 * <p>A follower whose policy fails is skipped from then on, and listed by {@link #failures()} and
 * by the {@link RunnerError} that {@link #stop()} throws. The save that prompted it still
 * succeeded: its events are stored.
 */
public final class SingleThreadedRunner implements Runner {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  /** How long a save waits for an event of its own to become visible to followers. */
  private static final Duration CATCH_UP = Duration.ofSeconds(10);

  private final ProcessSystem system;
  private final Function<String, Application.Builder> builders;
  private final Failures failures;
  private final RunState state = new RunState();
  private final Deque<String> prompts = new ArrayDeque<>();
  /** By leader, the largest position prompted: its followers are pulled until they pass it. */
  private final Map<String, Long> wanted = new HashMap<>();

  private final ReentrantLock processing = new ReentrantLock();
  private final Map<String, Subscriber> prompters = new LinkedHashMap<>();
  private LocalApplications applications;

  private SingleThreadedRunner(Builder builder) {
    this.system = builder.system;
    this.builders = builder.applications;
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

  /** Builds the applications, and processes what was recorded while the system was not running. */
  @Override
  public SingleThreadedRunner start() {
    state.start();
    try {
      applications = LocalApplications.open(system, builders);
    } catch (RunnerError e) {
      state.stopped();
      throw e;
    }
    for (String leader : system.names()) {
      if (!system.followers(leader).isEmpty()) {
        Subscriber prompter = notification -> prompted(leader, notification.id());
        prompters.put(leader, prompter);
        applications.application(leader).subscribe(prompter);
      }
    }
    processing.lock();
    try {
      for (String follower : system.names()) {
        for (String leader : system.leaders(follower)) {
          pull(follower, leader);
        }
      }
      drain();
    } finally {
      processing.unlock();
    }
    drainIfIdle();
    LOG.info(
        "the single-threaded runner started {}; it processes in the saving thread", system.names());
    return this;
  }

  private void prompted(String leader, long position) {
    synchronized (prompts) {
      wanted.merge(leader, position, Math::max);
      if (!prompts.contains(leader)) {
        prompts.addLast(leader);
      }
    }
    if (!processing.isHeldByCurrentThread()) {
      drainIfIdle();
    }
  }

  /** Processes the queued prompts unless another thread is already doing so. */
  private void drainIfIdle() {
    while (hasPrompts() && processing.tryLock()) {
      try {
        drain();
      } finally {
        processing.unlock();
      }
    }
  }

  private boolean hasPrompts() {
    synchronized (prompts) {
      return !prompts.isEmpty();
    }
  }

  private void drain() {
    while (state.isRunning()) {
      String leader;
      Long position;
      synchronized (prompts) {
        leader = prompts.pollFirst();
        position = leader == null ? null : wanted.remove(leader);
      }
      if (leader == null) {
        return;
      }
      for (String follower : system.followers(leader)) {
        pull(follower, leader);
        if (position != null) {
          catchUp(follower, leader, position);
        }
      }
    }
  }

  /**
   * Pulls again until the follower has processed the prompted position. It can lag behind the save
   * that returned: on PostgreSQL an event becomes visible only when every save of a smaller id has
   * ended, and another thread's may still be in flight. Bounded, so that a transaction left open
   * elsewhere cannot hold the saving thread for ever; the poll-free runner then relies on the next
   * prompt.
   */
  private void catchUp(String follower, String leader, long position) {
    ProcessApplication process = applications.process(follower);
    try {
      Progress.await(
          () -> {
            if (failures.has(follower) || !state.isRunning()) {
              return true;
            }
            if (process.hasProcessed(leader, position)) {
              return true;
            }
            pull(follower, leader);
            return process.hasProcessed(leader, position);
          },
          CATCH_UP);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      failures.add(follower, e);
    }
  }

  private void pull(String follower, String leader) {
    if (failures.has(follower) || !state.isRunning()) {
      return;
    }
    try {
      applications.process(follower).pull(leader);
    } catch (RuntimeException e) {
      failures.add(follower, e);
    }
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
    if (!state.stop()) {
      return;
    }
    processing.lock();
    try {
      for (Map.Entry<String, Subscriber> prompter : prompters.entrySet()) {
        applications.application(prompter.getKey()).unsubscribe(prompter.getValue());
      }
      applications.closeAll().forEach(failures::add);
    } finally {
      processing.unlock();
    }
    LOG.info(
        "the runner of {} stopped{}",
        system.names(),
        failures.has() ? " after failures (they were logged as they happened)" : "");
    failures.throwIfAny("the system stopped");
  }

  /**
   * Configures a {@link SingleThreadedRunner}; it has nothing to configure beyond the system and
   * its applications. Each {@link #build()} makes a new runner.
   */
  public static final class Builder {
    private final ProcessSystem system;
    private final Function<String, Application.Builder> applications;

    private Builder(ProcessSystem system, Function<String, Application.Builder> applications) {
      this.system = Objects.requireNonNull(system, "system");
      this.applications = Objects.requireNonNull(applications, "applications");
    }

    /** A new runner, not started yet: call {@link SingleThreadedRunner#start()}. */
    public SingleThreadedRunner build() {
      return new SingleThreadedRunner(this);
    }
  }
}
