package dev.recount.process;

import dev.recount.Application;
import dev.recount.internal.Internal;
import dev.recount.store.EventStore;
import java.time.Duration;
import java.util.Map;

/**
 * Runs a {@link ProcessSystem}: builds each of its applications, keeps every follower processing
 * what its leaders record, and stops them all. Three runners share this interface:
 * {@link SingleThreadedRunner} (deterministic, in the thread that saves),
 * {@link MultiThreadedRunner} (a thread per follower) and {@link MultiProcessRunner} (a JVM per
 * application).
 *
 * <pre>{@code
 * try (Runner runner = MultiThreadedRunner.builder(system, name -> Application.builder())
 *     .build().start()) {
 *   OrderRepository.of(runner.application("orders")).save(Order.create(amount));
 *   ...
 * }   // stops; throws RunnerError if any application failed
 * }</pre>
 *
 * <p>Each runner is made by its builder ({@code SingleThreadedRunner.builder(...)} and so on),
 * which fixes its configuration. A runner runs once: start it, use it, stop it; to run the system
 * again, build another.
 */
public interface Runner extends AutoCloseable {
  /**
   * Builds the applications and starts processing; followers first catch up with what their leaders
   * recorded while the system was not running.
   *
   * @return this runner
   * @throws IllegalStateException if it was started before
   * @throws RunnerError if an application could not be started (the others are stopped again)
   */
  Runner start();

  /**
   * The application called {@code name}, to run commands on it and read it with repositories.
   *
   * @throws IllegalArgumentException if the system has no such application
   * @throws IllegalStateException if the runner is not running
   */
  Application application(String name);

  /** The system this runner runs. */
  ProcessSystem system();

  /**
   * What has failed so far, by application name in declaration order: an application whose policy
   * failed stops processing (its notification stays unprocessed) and is listed here, while the
   * others go on.
   */
  Map<String, Throwable> failures();

  /**
   * Waits until an application has failed, or {@code timeout} has passed: a way to watch a running
   * system without polling {@link #failures()}.
   *
   * @return the failures so far, by application name in declaration order; empty if none came in
   *     time
   * @throws InterruptedException if interrupted while waiting
   */
  Map<String, Throwable> awaitFailure(Duration timeout) throws InterruptedException;

  /**
   * Where {@code follower} is in each of its leaders' logs, by leader, in the order the system
   * declares them (0 before the first): the id of the last notification it processed, or, if it was
   * split into segments by a {@link LeasedFollower}, the smallest of its segments' positions
   * ({@link ProcessApplication#position}).
   *
   * @throws IllegalArgumentException if the system has no such application
   * @throws IllegalStateException if the runner is not running
   */
  default Map<String, Long> positions(String follower) {
    ProcessSystem system = system();
    if (!system.contains(follower)) {
      throw new IllegalArgumentException("the system has no application '" + follower + "'");
    }
    Map<String, Long> positions = new java.util.LinkedHashMap<>();
    for (String leader : system.leaders(follower)) {
      positions.put(
          leader,
          TrackedPosition.read(
                  Internal.applications().store(application(follower)), follower, leader, 0)
              .position());
    }
    return positions;
  }

  /**
   * Stops every application and releases its resources. Does nothing if already stopped.
   *
   * @throws RunnerError listing every application that failed while running or stopping
   */
  void stop();

  /**
   * Waits until every follower of {@code leader} has processed what it follows of the leader's log
   * up to {@code position} (such as what a save on the leader returned): read-your-writes across
   * the system, whichever runner runs it.
   *
   * @return false if {@code timeout} passed first
   * @throws IllegalArgumentException if the system has no such application
   * @throws IllegalStateException if the runner is not running
   * @throws InterruptedException if interrupted while waiting
   */
  default boolean awaitProcessed(String leader, long position, Duration timeout)
      throws InterruptedException {
    ProcessSystem system = system();
    if (!system.contains(leader)) {
      throw new IllegalArgumentException("the system has no application '" + leader + "'");
    }
    Application source = application(leader);
    return Progress.await(
        () -> {
          for (String follower : system.followers(leader)) {
            EventStore store = Internal.applications().store(application(follower));
            if (!TrackedPosition.read(store, follower, leader, 0)
                .processed(
                    store,
                    source.log(),
                    follower,
                    leader,
                    system.topics(leader, follower),
                    position)) {
              return false;
            }
          }
          return true;
        },
        timeout);
  }

  /** {@link #stop()}. */
  @Override
  default void close() {
    stop();
  }
}
