package dev.recount.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.AggregateRoot;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** The fixture on a small aggregate: what passes, and what each failure says. */
class AggregateFixtureTest {
  private final AggregateFixture<Tally> tallies = AggregateFixture.of(Tally.class);

  @Test
  void aCommandOnGivenEventsTriggersTheExpectedEventsAndState() {
    AggregateFixture.Outcome<Tally> outcome = tallies
        .given(new Tally.Started("apples"), new Tally.Added(2))
        .when(tally -> tally.add(3))
        .expectEvents(new Tally.Added(3))
        .expectState(tally -> assertThat(tally.total()).isEqualTo(5));

    assertThat(outcome.events()).containsExactly(new Tally.Added(3));
    assertThat(outcome.aggregate().id()).isEqualTo(tallies.id());
    assertThat(outcome.aggregate().version()).isEqualTo(3);
  }

  @Test
  void aGivenRunsEachCommandOnAFreshAggregate() {
    AggregateFixture.Given<Tally> given = tallies.given(new Tally.Started("apples"));

    given.when(tally -> tally.add(1)).expectEvents(new Tally.Added(1));
    given.when(tally -> tally.addAll(2, 3)).expectEvents(new Tally.Added(2), new Tally.Added(3));
    assertThat(given.aggregate().total()).isZero();
    assertThat(given.aggregate().pendingEvents()).isEmpty();
  }

  @Test
  void aFactoryIsACommandToo() {
    tallies
        .whenCreated(() -> Tally.start("pears"))
        .expectEvents(new Tally.Started("pears"))
        .expectState(tally -> assertThat(tally.version()).isEqualTo(1));
    tallies
        .whenCreated(() -> Tally.start(" "))
        .expectException(IllegalArgumentException.class, "a tally needs a label");
  }

  @Test
  void aRefusedCommandLeavesTheStateAsItWas() {
    tallies
        .given(new Tally.Started("apples"), new Tally.Added(2))
        .when(tally -> tally.add(-1))
        .expectException(IllegalArgumentException.class, "cannot add -1: amounts are positive")
        .expectState(tally -> assertThat(tally.total()).isEqualTo(2));
  }

  @Test
  void differentEventsAreListedOnePerLineWithTheFirstDifferenceMarked() {
    AggregateFixture.Outcome<Tally> outcome =
        tallies.given(new Tally.Started("apples")).when(tally -> tally.addAll(1, 2, 3));

    assertThatThrownBy(() -> outcome.expectEvents(new Tally.Added(1), new Tally.Added(5)))
        .isInstanceOfSatisfying(AssertionFailedError.class, e -> {
          assertThat(e).hasMessage("""
              Tally: the command's events differ from the expected ones at #2
              expected 2 events:
                #1 Tally.Added[amount=1]
              > #2 Tally.Added[amount=5]
              but the command triggered 3 events:
                #1 Tally.Added[amount=1]
              > #2 Tally.Added[amount=2]
                #3 Tally.Added[amount=3]""");
          // What IDEs show side by side.
          assertThat(e.getExpected().getStringRepresentation()).isEqualTo("""
                #1 Tally.Added[amount=1]
              > #2 Tally.Added[amount=5]""");
          assertThat(e.getActual().getStringRepresentation()).isEqualTo("""
                #1 Tally.Added[amount=1]
              > #2 Tally.Added[amount=2]
                #3 Tally.Added[amount=3]""");
        });
  }

  @Test
  void aMissingEventIsMarkedWhereItShouldBe() {
    AggregateFixture.Outcome<Tally> outcome =
        tallies.given(new Tally.Started("apples")).when(tally -> tally.add(1));

    assertThatThrownBy(() -> outcome.expectEvents(new Tally.Added(1), new Tally.Added(2)))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("""
            Tally: the command's events differ from the expected ones at #2
            expected 2 events:
              #1 Tally.Added[amount=1]
            > #2 Tally.Added[amount=2]
            but the command triggered 1 event:
              #1 Tally.Added[amount=1]
            > #2 (no event)""");
    assertThatThrownBy(outcome::expectNoEvents).hasMessage("""
            Tally: the command's events differ from the expected ones at #1
            expected no events:
            > #1 (no event)
            but the command triggered 1 event:
            > #1 Tally.Added[amount=1]""");
  }

  @Test
  void eventsThatPrintTheSameButAreNotEqualAreExplained() {
    Object lookalike = new Object() {
      @Override
      public String toString() {
        return "Tally.Added[amount=1]";
      }
    };
    AggregateFixture.Outcome<Tally> outcome =
        tallies.given(new Tally.Started("apples")).when(tally -> tally.add(1));

    assertThatThrownBy(() -> outcome.expectEvents(lookalike))
        .hasMessageEndingWith("#1 prints the same on both sides but is not equal: compare the"
            + " classes (dev.recount.test.AggregateFixtureTest$1, dev.recount.test.Tally$Added)"
            + " and components without a value-based equals, such as arrays");
  }

  @Test
  void anUnexpectedExceptionFailsExpectEventsAndExpectStateWithItAsTheCause() {
    AggregateFixture.Outcome<Tally> outcome =
        tallies.given(new Tally.Started("apples")).when(tally -> tally.add(0));

    assertThatThrownBy(() -> outcome.expectEvents(new Tally.Added(0)))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("Tally: expected 1 event, but the command threw"
            + " java.lang.IllegalArgumentException: cannot add 0: amounts are positive")
        .cause()
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> outcome.expectState(tally -> {}))
        .hasMessage("Tally: expected a state, but the command threw"
            + " java.lang.IllegalArgumentException: cannot add 0: amounts are positive");
  }

  @Test
  void anExpectedExceptionAfterTriggeringFailsAndListsWhatWasTriggered() {
    AggregateFixture.Outcome<Tally> outcome =
        tallies.given(new Tally.Started("apples")).when(tally -> tally.addThenRefuse(4));

    assertThatThrownBy(() -> outcome.expectException(IllegalStateException.class))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("""
            Tally: the command threw java.lang.IllegalStateException as expected, but it had \
            triggered 1 event first, and the aggregate holds their state: decide before triggering:
              #1 Tally.Added[amount=4]""");
  }

  @Test
  void anExpectedExceptionThatIsNotThrownOrIsAnotherFails() {
    assertThatThrownBy(() -> tallies
            .given(new Tally.Started("apples"))
            .when(tally -> tally.add(1))
            .expectException(IllegalArgumentException.class))
        .hasMessage("""
            Tally: expected java.lang.IllegalArgumentException, but the command returned \
            normally, having triggered 1 event:
              #1 Tally.Added[amount=1]""");
    assertThatThrownBy(() -> tallies
            .given(new Tally.Started("apples"))
            .when(tally -> tally.add(-2))
            .expectException(IllegalStateException.class))
        .hasMessage("Tally: expected java.lang.IllegalStateException, but the command threw"
            + " java.lang.IllegalArgumentException: cannot add -2: amounts are positive");
    assertThatThrownBy(() -> tallies
            .given(new Tally.Started("apples"))
            .when(tally -> tally.add(-2))
            .expectException(IllegalArgumentException.class, "no"))
        .hasMessage("""
            Tally: the command threw java.lang.IllegalArgumentException as expected, but its \
            message differs
            expected: no
            actual:   cannot add -2: amounts are positive""");
  }

  @Test
  void aCommandThatSetsStateOutsideApplyFailsWhenItRuns() {
    AggregateFixture.Given<Tally> given = tallies.given(new Tally.Started("apples"));

    assertThatThrownBy(() -> given.when(tally -> tally.addQuietly(7)))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessage("""
            Tally: the command left state that replaying its events does not give, so a load \
            would lose it: does the command set a field itself rather than in an @Apply method, \
            or does an @Apply method read something other than its event and the state?
            left by the command: {"label":"apples","total":7}
            replayed:            {"label":"apples","total":0}""");
  }

  @Test
  void anEventThatDoesNotReadBackEqualFromItsCodecFails() {
    AggregateFixture.Given<Tally> given = tallies.given(new Tally.Started("apples"));

    assertThatThrownBy(() -> given.when(tally -> tally.attach(new byte[] {1})))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageStartingWith("Tally: event triggered by the command #1 reads back from"
            + " storage as another event, so a save and a load would change it (an Optional"
            + " component given as null, or an array or other component without a value-based"
            + " equals?)\nas given:     Tally.Attached[data=[B@");
  }

  @Test
  void aGivenEventThatDoesNotReadBackEqualFailsAtGiven() {
    assertThatThrownBy(
            () -> tallies.given(new Tally.Started("apples"), new Tally.Attached(new byte[] {1})))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageStartingWith("Tally: given event #2 reads back from storage as another event");
  }

  @Test
  void aFactoryThatThrowsLeavesNoStateToCheck() {
    AggregateFixture.Outcome<Tally> outcome = tallies.whenCreated(() -> Tally.start(""));

    assertThat(outcome.aggregate()).isNull();
    assertThatThrownBy(() -> outcome.expectEvents(new Tally.Started("")))
        .hasMessage("Tally: expected 1 event, but the command threw"
            + " java.lang.IllegalArgumentException: a tally needs a label");
    assertThatThrownBy(
            () -> outcome.expectException(IllegalArgumentException.class).expectState(tally -> {}))
        .hasMessage("Tally: there is no state to check: the factory threw"
            + " java.lang.IllegalArgumentException: a tally needs a label");
  }

  @Test
  void givenEventsMustBeTheAggregatesOwn() {
    record Stranger() {}

    assertThatThrownBy(() -> tallies.given(new Tally.Started("apples"), new Stranger()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tally: given event #2, Stranger[], is not one of its events: it is a"
            + " dev.recount.test.AggregateFixtureTest$1Stranger");
    assertThatThrownBy(() -> tallies.given(new Tally.Started("apples"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Tally: given event #2 is null");
  }

  @Test
  void aDiscardedAggregateTakesNoCommand() {
    tallies
        .given(List.of(new Tally.Started("apples"), new AggregateRoot.Discarded()))
        .when(tally -> tally.add(1))
        .expectException(IllegalStateException.class)
        .expectState(tally -> assertThat(tally.isDiscarded()).isTrue());
  }

  @Test
  void aClassWithoutAGeneratedMutatorHasNoFixture() {
    assertThatThrownBy(() -> AggregateFixture.of(NotAnAggregate.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no generated mutator for dev.recount.test.NotAnAggregate: is it annotated"
            + " @Aggregate, and was it compiled with recount-processor on the annotation"
            + " processor path (maven-compiler-plugin annotationProcessorPaths)?");
  }
}
