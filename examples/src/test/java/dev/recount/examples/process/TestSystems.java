package dev.recount.examples.process;

import dev.recount.examples.PerApplication;
import dev.recount.examples.orders.OrdersSystem;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldTopics;
import dev.recount.log.Notification;
import dev.recount.process.MultiProcessRunner;
import dev.recount.process.ProcessSystem;
import dev.recount.process.ProcessingUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The systems the multi-process tests run, and the {@code main} of their child JVMs:
 * {@code <system> <application> <H2 URL pattern or ->}, configured like the examples' applications.
 */
public final class TestSystems {
  /** What the failing system's mirror refuses. */
  static final String POISON = "poison";

  private TestSystems() {}

  public static void main(String[] args) {
    System.exit(MultiProcessRunner.runChild(
        system(args[0]),
        args[1],
        PerApplication.settings(System.getenv(), args[2].equals("-") ? null : args[2])));
  }

  /** Children of tests start faster (and run slower) with the quick compiler only. */
  static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  /** The command line of a child of {@code system}. */
  static List<String> command(String system, String application, String h2Url) {
    List<String> command = new ArrayList<>(MultiProcessRunner.javaCommand(
        TestSystems.class.getName(), system, application, h2Url == null ? "-" : h2Url));
    command.addAll(1, JVM_OPTIONS);
    return command;
  }

  static ProcessSystem system(String name) {
    switch (name) {
      case "orders":
        return OrdersSystem.system();
      case "failing":
        return ProcessSystem.builder()
            .application("source")
            .application("mirror", TestSystems::mirror)
            .pipe("source", "mirror")
            .build();
      case "slow":
        return ProcessSystem.builder()
            .application("source")
            .application("counter", TestSystems::count)
            .pipe("source", "counter", Set.of(WorldTopics.SOMETHING_HAPPENED))
            .build();
      default:
        throw new IllegalArgumentException("no test system '" + name + "'");
    }
  }

  /** Copies each world, and fails on the poison. */
  private static void mirror(Notification notification, ProcessingUnit unit) {
    if (notification.event() instanceof World.SomethingHappened happened
        && happened.what().equals(POISON)) {
      throw new IllegalStateException("cannot mirror " + POISON);
    }
    if (notification.event() instanceof World.Created) {
      unit.save(World.create(notification.originatorId()));
    }
  }

  /**
   * Slowly records each upstream happening once, in a new world of its own: a follower that is easy
   * to kill in the middle of a page, and whose every duplicate would show.
   */
  private static void count(Notification notification, ProcessingUnit unit) {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    World seen = World.create();
    seen.makeItSo(((World.SomethingHappened) notification.event()).what());
    unit.save(seen);
  }
}
