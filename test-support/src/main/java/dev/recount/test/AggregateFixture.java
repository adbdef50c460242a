package dev.recount.test;

import dev.recount.AggregateRoot;
import dev.recount.internal.Mutator;
import dev.recount.internal.Mutators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.opentest4j.AssertionFailedError;

/**
 * Tests the commands of one {@code @Aggregate} class with no database: given its past events, when
 * a command runs, expect the events the command triggered, or the exception it threw and that it
 * triggered nothing, and the state it left.
 *
 * <pre>{@code
 * AggregateFixture<World> worlds = AggregateFixture.of(World.class);
 *
 * worlds.given(new World.Created(), new World.SomethingHappened("dinosaurs"))
 *     .when(world -> world.makeItSo("trucks"))
 *     .expectEvents(new World.SomethingHappened("trucks"))
 *     .expectState(world -> assertEquals(List.of("dinosaurs", "trucks"), world.history()));
 * }</pre>
 *
 * <p>Events are compared with {@code equals}, in order; a failure shows the expected and the
 * triggered events one per line, the first difference marked with {@code >}, and is an opentest4j
 * {@link AssertionFailedError} whose expected and actual values IDEs show as a diff.
 *
 * <p>The fixture works through the mutator the annotation processor generated for the aggregate in
 * main sources, as the store does: past events are applied by the aggregate's {@code @Apply}
 * methods as a load applies them. Two more checks run on every command, since either failure would
 * otherwise show only once events are stored:
 *
 * <ul>
 *   <li>every given and every triggered event is written by its generated codec and read back, and
 *       must read back equal;
 *   <li>after a command that returned, the aggregate's state must equal the state that replaying
 *       the given and the new events gives (compared as the generated snapshot mapping writes the
 *       fields): a command that sets a field itself rather than in an {@code @Apply} method fails
 *       {@link Given#when when}, rather than losing the change at the next load.
 * </ul>
 *
 * <p>A fixture holds no state between tests beyond the class and the id: it can be a field of the
 * test class, and a {@link Given} can run several commands, each on its own fresh aggregate.
 *
 * @param <A> the aggregate class
 */
public final class AggregateFixture<A extends AggregateRoot> {
  private final Replay<A> replay;
  private final UUID id;

  private AggregateFixture(Replay<A> replay, UUID id) {
    this.replay = replay;
    this.id = id;
  }

  /**
   * A fixture for the aggregate class, with a random aggregate id.
   *
   * @throws IllegalArgumentException if the processor generated no mutator for the class (it is not
   *     annotated {@code @Aggregate}, or was compiled without recount-processor)
   */
  public static <A extends AggregateRoot> AggregateFixture<A> of(Class<A> aggregateClass) {
    Objects.requireNonNull(aggregateClass, "aggregateClass");
    Mutator<AggregateRoot> mutator = Mutators.all().get(aggregateClass);
    if (mutator == null) {
      throw new IllegalArgumentException("no generated mutator for " + aggregateClass.getName()
          + ": is it annotated @Aggregate, and was it compiled with recount-processor on the"
          + " annotation processor path (maven-compiler-plugin annotationProcessorPaths)?");
    }
    return new AggregateFixture<>(new Replay<>(aggregateClass, mutator), UUID.randomUUID());
  }

  /** The same fixture for the aggregate with this id, for events and messages that name it. */
  public AggregateFixture<A> withId(UUID id) {
    return new AggregateFixture<>(replay, Objects.requireNonNull(id, "id"));
  }

  /** The id of the aggregate that {@link #given} builds. */
  public UUID id() {
    return id;
  }

  /**
   * The aggregate as loading these past events would give it, oldest first; the first is usually
   * the event that created it.
   *
   * @throws IllegalArgumentException if an event is null, not one of the aggregate's events, or its
   *     {@code @Apply} method throws
   * @throws AssertionFailedError if an event does not read back equal from its codec
   */
  public Given<A> given(Object... events) {
    return given(Arrays.asList(events));
  }

  /** As {@link #given(Object...)}, with the events in a list. */
  public Given<A> given(List<?> events) {
    List<Object> stored = replay.stored(new ArrayList<>(events), "given event");
    replay.load(id, stored, "given event"); // fails here, at the test's arrangement, not at when
    return new Given<>(replay, id, stored);
  }

  /**
   * Runs a command that creates the aggregate, such as {@code World::create}. Its events are
   * checked as {@link Given#when} checks a command's; the aggregate has the id the factory gave it.
   */
  public Outcome<A> whenCreated(Callable<? extends A> factory) {
    Objects.requireNonNull(factory, "factory");
    A created;
    try {
      created = factory.call();
    } catch (Exception e) {
      return new Outcome<>(replay, null, List.of(), e);
    }
    if (created == null) {
      throw new AssertionFailedError(replay.name() + ": the factory returned null");
    }
    if (created.getClass() != replay.type()) {
      throw new IllegalArgumentException(
          "the factory made a " + created.getClass().getName() + ", not a "
              + replay.type().getName() + ": use a fixture of its own class");
    }
    List<Object> events = created.pendingEvents();
    Outcome.checkReplay(replay, created, List.of(), events);
    return new Outcome<>(replay, created, events, null);
  }

  /**
   * A command on the aggregate, as a method reference or lambda; it may throw checked exceptions.
   *
   * @param <A> the aggregate class
   */
  @FunctionalInterface
  public interface Command<A> {
    /** Runs the command on the aggregate. */
    void run(A aggregate) throws Exception;
  }

  /**
   * The past events of one aggregate, to run a command on.
   *
   * @param <A> the aggregate class
   */
  public static final class Given<A extends AggregateRoot> {
    private final Replay<A> replay;
    private final UUID id;
    private final List<Object> events;

    private Given(Replay<A> replay, UUID id, List<Object> events) {
      this.replay = replay;
      this.id = id;
      this.events = events;
    }

    /**
     * Runs {@code command} on a fresh aggregate loaded from the given events. An exception the
     * command throws is kept for {@link Outcome#expectException}, not thrown.
     *
     * @throws AssertionFailedError if the command returned but its events do not read back equal
     *     from their codecs, or the state it left differs from the state replaying the events gives
     */
    public Outcome<A> when(Command<? super A> command) {
      Objects.requireNonNull(command, "command");
      A aggregate = aggregate();
      try {
        command.run(aggregate);
      } catch (Exception e) {
        return new Outcome<>(replay, aggregate, aggregate.pendingEvents(), e);
      }
      List<Object> triggered = aggregate.pendingEvents();
      Outcome.checkReplay(replay, aggregate, events, triggered);
      return new Outcome<>(replay, aggregate, triggered, null);
    }

    /**
     * A fresh aggregate loaded from the given events, with nothing pending: for a command that
     * takes a second aggregate, such as a transfer to another account.
     */
    public A aggregate() {
      return replay.load(id, events, "given event");
    }
  }

  /**
   * What a command did: the events it triggered or the exception it threw, and the aggregate it
   * left. Each {@code expect} method returns this outcome, to chain the next.
   *
   * @param <A> the aggregate class
   */
  public static final class Outcome<A extends AggregateRoot> {
    private final Replay<A> replay;
    private final A aggregate;
    private final List<Object> events;
    private final Exception thrown;
    private boolean exceptionExpected;

    private Outcome(Replay<A> replay, A aggregate, List<Object> events, Exception thrown) {
      this.replay = replay;
      this.aggregate = aggregate;
      this.events = events;
      this.thrown = thrown;
    }

    static <A extends AggregateRoot> void checkReplay(
        Replay<A> replay, A aggregate, List<Object> given, List<Object> triggered) {
      List<Object> all = new ArrayList<>(given);
      all.addAll(replay.stored(triggered, "event triggered by the command"));
      A replayed = replay.load(aggregate.id(), all, "event");
      String live = replay.snapshot(aggregate);
      String again = replay.snapshot(replayed);
      if (!live.equals(again)) {
        throw new AssertionFailedError(
            replay.name() + ": the command left state that replaying its events does not give, so"
                + " a load would lose it: does the command set a field itself rather than in an"
                + " @Apply method, or does an @Apply method read something other than its event"
                + " and the state?\nleft by the command: " + live + "\nreplayed:            "
                + again,
            again,
            live);
      }
    }

    /**
     * Expects the command to have triggered exactly these events, in this order (compared with
     * {@code equals}); no arguments expects none.
     */
    public Outcome<A> expectEvents(Object... expected) {
      List<Object> wanted = Arrays.asList(expected);
      failIfThrown("expected " + Describe.count(wanted.size()));
      int difference = Describe.firstDifference(wanted, events);
      if (difference < 0) {
        return this;
      }
      String expectedText = Describe.listing(wanted, difference);
      String actualText = Describe.listing(events, difference);
      StringBuilder message = new StringBuilder()
          .append(replay.name())
          .append(": the command's events differ from the expected ones at #")
          .append(difference + 1)
          .append("\nexpected ")
          .append(Describe.count(wanted.size()))
          .append(":\n")
          .append(expectedText)
          .append("\nbut the command triggered ")
          .append(Describe.count(events.size()))
          .append(":\n")
          .append(actualText);
      if (difference < wanted.size() && difference < events.size()) {
        Object one = wanted.get(difference);
        Object other = events.get(difference);
        if (one != null && Describe.event(one).equals(Describe.event(other))) {
          message
              .append("\n#")
              .append(difference + 1)
              .append(" prints the same on both sides but is not equal: compare the classes (")
              .append(one.getClass().getName())
              .append(", ")
              .append(other.getClass().getName())
              .append(") and components without a value-based equals, such as arrays");
        }
      }
      throw new AssertionFailedError(message.toString(), expectedText, actualText);
    }

    /** Expects the command to have triggered no event and thrown nothing. */
    public Outcome<A> expectNoEvents() {
      return expectEvents();
    }

    /**
     * Expects the command to have thrown an exception of this type (or a subtype) and to have
     * triggered no event before it threw.
     */
    public Outcome<A> expectException(Class<? extends Throwable> type) {
      Objects.requireNonNull(type, "type");
      String wanted = type.getName();
      if (thrown == null) {
        throw new AssertionFailedError(
            replay.name() + ": expected " + wanted + ", but the command returned normally, having"
                + " triggered " + Describe.count(events.size()) + tail(events),
            wanted,
            "returned normally");
      }
      if (!type.isInstance(thrown)) {
        throw new AssertionFailedError(
            replay.name() + ": expected " + wanted + ", but the command threw " + thrown,
            wanted,
            thrown.getClass().getName(),
            thrown);
      }
      if (!events.isEmpty()) {
        throw new AssertionFailedError(
            replay.name() + ": the command threw " + wanted + " as expected, but it had triggered "
                + Describe.count(events.size()) + " first, and the aggregate holds their state:"
                + " decide before triggering" + tail(events),
            "",
            Describe.listing(events),
            thrown);
      }
      exceptionExpected = true;
      return this;
    }

    /**
     * Expects the command to have thrown an exception of this type with exactly this message, and
     * to have triggered no event before it threw.
     */
    public Outcome<A> expectException(Class<? extends Throwable> type, String message) {
      expectException(type);
      if (!Objects.equals(message, thrown.getMessage())) {
        throw new AssertionFailedError(
            replay.name() + ": the command threw " + type.getName() + " as expected, but its"
                + " message differs\nexpected: " + message + "\nactual:   " + thrown.getMessage(),
            message,
            thrown.getMessage(),
            thrown);
      }
      return this;
    }

    /**
     * Runs {@code check} on the aggregate the command left, such as {@code world ->
     * assertEquals(List.of("trucks"), world.history())}. After {@link #expectException} it checks
     * what a refused command left.
     */
    public Outcome<A> expectState(Consumer<? super A> check) {
      Objects.requireNonNull(check, "check");
      if (!exceptionExpected) {
        failIfThrown("expected a state");
      }
      if (aggregate == null) {
        throw new AssertionFailedError(
            replay.name() + ": there is no state to check: the factory threw " + thrown, thrown);
      }
      check.accept(aggregate);
      return this;
    }

    /** The events the command triggered, oldest first. */
    public List<Object> events() {
      return events;
    }

    /**
     * The aggregate the command ran on, with the command's events pending; {@code null} if a
     * factory given to {@link AggregateFixture#whenCreated} threw.
     */
    public A aggregate() {
      return aggregate;
    }

    private void failIfThrown(String expected) {
      if (thrown != null) {
        throw new AssertionFailedError(
            replay.name() + ": " + expected + ", but the command threw " + thrown
                + (events.isEmpty()
                    ? ""
                    : ", having triggered " + Describe.count(events.size()) + tail(events)),
            thrown);
      }
    }

    private static String tail(List<Object> events) {
      return events.isEmpty() ? "" : ":\n" + Describe.listing(events);
    }
  }
}
