package dev.recount.examples.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The instances of a leased worker, each in a JVM of its own running a main class that prints
 * "ready" once started and, told "stop" on its stdin, stops and exits.
 */
final class Instances implements AutoCloseable {
  private final Map<String, ChildJvm> children = new LinkedHashMap<>();

  /** Starts the instance {@code name}; {@link #awaitReady} waits for it. */
  void start(String name, String mainClass, String... args) {
    children.put(name, ChildJvm.start(name, mainClass, args));
  }

  /** Starts the instance {@code name} run by {@code prefix}, such as in a network namespace. */
  void startVia(List<String> prefix, String name, String mainClass, String... args) {
    children.put(name, ChildJvm.startVia(name, prefix, mainClass, args));
  }

  /** Waits until every instance started has printed "ready" (starting JVMs is slow when loaded). */
  void awaitReady(Duration timeout) throws InterruptedException {
    for (ChildJvm child : children.values()) {
      assertThat(child.expectLine(timeout)).isEqualTo("ready");
    }
  }

  ChildJvm get(String name) {
    ChildJvm child = children.get(name);
    assertThat(child).as("instance %s", name).isNotNull();
    return child;
  }

  /**
   * Tells every instance still alive to stop; each must exit normally (an instance's main exits
   * otherwise when its worker failed).
   */
  void stopAll() throws InterruptedException {
    List<ChildJvm> alive = new ArrayList<>();
    for (ChildJvm child : children.values()) {
      if (ProcessHandle.of(child.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        alive.add(child);
      }
    }
    alive.forEach(child -> child.send("stop"));
    for (ChildJvm child : alive) {
      assertThat(child.awaitExit(Duration.ofSeconds(20)))
          .as("exit code of an instance told to stop; stderr:%n%s", child.stderr())
          .isZero();
    }
  }

  /** Destroys every instance left, whatever it is doing. */
  @Override
  public void close() {
    children.values().forEach(ChildJvm::close);
    children.clear();
  }
}
