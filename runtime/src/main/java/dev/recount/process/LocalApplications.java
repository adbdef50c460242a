package dev.recount.process;

import dev.recount.Application;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The applications of a system built in one JVM, each with its process application if it has a
 * policy, following its leaders' local logs.
 */
final class LocalApplications implements AutoCloseable {
  private final ProcessSystem system;
  private final Map<String, Application> applications = new LinkedHashMap<>();
  private final Map<String, ProcessApplication> processes = new LinkedHashMap<>();

  private LocalApplications(ProcessSystem system) {
    this.system = system;
  }

  /**
   * Builds every application of {@code system} with its builder.
   *
   * @throws RunnerError naming the application that could not be built; none stays open
   */
  static LocalApplications open(
      ProcessSystem system, Function<String, Application.Builder> builders) {
    LocalApplications opened = new LocalApplications(system);
    String current = null;
    try {
      for (String name : system.names()) {
        current = name;
        Application.Builder builder = builders.apply(name);
        if (builder == null) {
          throw new IllegalStateException(
              "the application builder function returned null for '" + name + "'");
        }
        opened.applications.put(name, builder.build());
      }
      for (String name : system.names()) {
        current = name;
        if (system.policy(name).isPresent()) {
          ProcessApplication.Builder process = ProcessApplication.builder(
                  name, opened.applications.get(name))
              .policy(system.policy(name).get());
          for (String leader : system.leaders(name)) {
            process.follow(
                leader, opened.applications.get(leader).log(), system.topics(leader, name));
          }
          opened.processes.put(name, process.build());
        }
      }
      return opened;
    } catch (RuntimeException e) {
      opened.close();
      throw new RunnerError("could not start the system", Map.of(current, e));
    }
  }

  Application application(String name) {
    Application application = applications.get(name);
    if (application == null) {
      throw new IllegalArgumentException(
          "the system has no application '" + name + "'; it has " + system.names());
    }
    return application;
  }

  /** The process application of {@code name}, or null if it only leads. */
  ProcessApplication process(String name) {
    return processes.get(name);
  }

  /** Closes every application; returns what failed to close, by name. */
  Map<String, Throwable> closeAll() {
    Map<String, Throwable> failures = new LinkedHashMap<>();
    for (Map.Entry<String, Application> entry : applications.entrySet()) {
      try {
        entry.getValue().close();
      } catch (RuntimeException e) {
        failures.put(entry.getKey(), e);
      }
    }
    applications.clear();
    return failures;
  }

  @Override
  public void close() {
    closeAll();
  }
}
