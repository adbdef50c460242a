package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Misuses of {@code @Event}: each is one error, at the record (or its component) that is wrong,
 * with its message id.
 */
class EventErrorsTest {

  @Test
  void nestedEventWithoutHandlerIsReportedOnTheEvent() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.UnhandledNested",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class UnhandledNested extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Event record Closed() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:EVENT_WITHOUT_HANDLER] @Event record Closed has no @Apply"
            + " method in UnhandledNested: add `@Apply void on(UnhandledNested.Closed event)",
        source,
        "record Closed()");
  }

  @Test
  void topLevelEventWithoutHandlerIsReportedOnTheEvent() {
    JavaFileObject event = JavaFileObjects.forSourceLines(
        "test.Deposited",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "record Deposited(long cents) {}");
    JavaFileObject aggregate = JavaFileObjects.forSourceLines(
        "test.UnhandledTopLevel",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class UnhandledTopLevel extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(event, aggregate),
        "[recount:EVENT_WITHOUT_HANDLER] @Event record Deposited has no @Apply"
            + " method in any @Aggregate of package test: add `@Apply void on(Deposited event)",
        event,
        "record Deposited(");
  }

  @Test
  void eventOnAClassIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.EventClass",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class EventClass extends AggregateRoot {",
        "  @Event static class Opened {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilation compilation = Compilations.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:EVENT_NOT_A_RECORD] @Event must be placed on a record, not on"
            + " class Opened: declare it as `record Opened(...)`")
        .inFile(source)
        .onLineContaining("class Opened");
  }

  @Test
  void eventOnAnEnumIsReportedOnTheEnum() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.EventEnum",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "enum EventEnum { OPENED }");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:EVENT_NOT_A_RECORD] @Event must be placed on a record, not on"
            + " enum EventEnum",
        source,
        "enum EventEnum");
  }

  @Test
  void privateEventIsReportedOnTheRecord() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.PrivateEvent",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class PrivateEvent extends AggregateRoot {",
        "  @Event private record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilation compilation = Compilations.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("[recount:EVENT_PRIVATE] @Event record Opened must not be private")
        .inFile(source)
        .onLineContaining("private record Opened");
  }

  @Test
  void eventNestedInAClassThatIsNotAnAggregateIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.NotAnAggregateHolder",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "class NotAnAggregateHolder {",
        "  @Event record Stray() {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_MISSING] NotAnAggregateHolder has @Event records"
            + " Stray but is not annotated @Aggregate",
        source,
        "class NotAnAggregateHolder");
  }

  @Test
  void blankTopicIsReportedOnTheTopic() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.BlankTopic",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class BlankTopic extends AggregateRoot {",
        "  @Event(",
        "      topic = \" \")",
        "  record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:EVENT_TOPIC_BLANK] @Event(topic) must not be blank",
        source,
        "topic = \" \"");
  }

  @Test
  void duplicateExplicitTopicIsReportedOnTheTopic() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.DuplicateTopicValue",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class DuplicateTopicValue extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Event(",
        "      topic = \"test.DuplicateTopicValue.Opened\")",
        "  record Renamed() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void on(Renamed event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:EVENT_TOPIC_DUPLICATE] the topic"
            + " 'test.DuplicateTopicValue.Opened' is also used by test.DuplicateTopicValue.Opened;"
            + " topics must be unique",
        source,
        "topic = ");
  }

  @Test
  void strayEventAppliedByAnAggregateIsOneErrorOnItsClass() {
    JavaFileObject holder = JavaFileObjects.forSourceLines(
        "test.StrayHolder",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "class StrayHolder {",
        "  @Event record Stray() {}",
        "}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.AppliesStray",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "",
        "@Aggregate",
        "class AppliesStray extends AggregateRoot {",
        "  @Apply void on(StrayHolder.Stray event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(holder, source),
        "[recount:AGGREGATE_MISSING] StrayHolder has @Event records Stray but is"
            + " not annotated @Aggregate: if it is an aggregate, annotate it with @Aggregate (and"
            + " extend dev.recount.AggregateRoot); if not, move them into their @Aggregate class"
            + " (events may also be top-level in its package)",
        holder,
        "class StrayHolder");
  }

  @Test
  void duplicateTopicIsReportedOnTheSecondEvent() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.DuplicateTopic",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class DuplicateTopic extends AggregateRoot {",
        "  @Event(topic = \"bank.Opened\") record Opened() {}",
        "",
        "  @Event(topic = \"bank.Opened\") record Reopened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void on(Reopened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:EVENT_TOPIC_DUPLICATE] the topic 'bank.Opened' is also used"
            + " by test.DuplicateTopic.Opened; topics must be unique",
        source,
        "record Reopened");
  }

  @Test
  void explicitTopicEqualToAnotherEventsDefaultTopicIsReported() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.TakenTopic",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class TakenTopic extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Event(topic = \"test.TakenTopic.Opened\") record Renamed() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void on(Renamed event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:EVENT_TOPIC_DUPLICATE] the topic 'test.TakenTopic.Opened' is"
            + " also used by test.TakenTopic.Opened",
        source,
        "record Renamed");
  }

  @Test
  void genericEventIsOneErrorOnTheRecord() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.GenericEvent",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class GenericEvent extends AggregateRoot {",
        "  @Event record Changed<T>(T value) {}",
        "",
        "  @Apply void on(Changed<String> event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:GENERIC_TYPE] @Event record Changed must not be generic",
        source,
        "record Changed<T>");
  }

  @Test
  void genericTopLevelEventIsOneErrorOnTheRecord() {
    JavaFileObject event = JavaFileObjects.forSourceLines(
        "test.Labelled",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "record Labelled<T>(T label) {}");
    JavaFileObject aggregate = JavaFileObjects.forSourceLines(
        "test.AppliesGenericEvent",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "",
        "@Aggregate",
        "class AppliesGenericEvent extends AggregateRoot {",
        "  @Apply void on(Labelled<String> event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(event, aggregate),
        "[recount:GENERIC_TYPE] @Event record Labelled must not be generic",
        event,
        "record Labelled<T>");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      Thread               | java.lang.Thread
      int[]                | int[]
      Map<Integer, String> | java.util.Map<java.lang.Integer,java.lang.String>
      List<Object>         | java.util.List<java.lang.Object> (java.lang.Object is not supported)
      List<List<Thread>>   | java.util.List<java.util.List<java.lang.Thread>> (java.lang.Thread is not supported)
      Optional<int[]>      | java.util.Optional<int[]> (int[] is not supported)
      List<? extends Long> | java.util.List<? extends java.lang.Long> (? extends java.lang.Long is not supported)
      Holder               | test.UnsupportedComponent.Holder (java.lang.Thread is not supported)
      """)
  void unsupportedComponentTypeIsReportedOnTheComponentNamingTheType(
      String declared, String reported) {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.UnsupportedComponent",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import java.util.List;",
        "import java.util.Map;",
        "import java.util.Optional;",
        "",
        "@Aggregate",
        "class UnsupportedComponent extends AggregateRoot {",
        "  record Holder(String name, Thread thread) {}",
        "",
        "  @Event record Changed(",
        "      String supported,",
        "      " + declared + " unsupported) {}",
        "",
        "  @Apply void on(Changed event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:UNSUPPORTED_TYPE] component 'unsupported' of @Event Changed"
            + " has type " + reported + ", which Recount cannot store: use a primitive or its box,"
            + " String, UUID",
        source,
        declared + " unsupported");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      Secret              | test.PrivateComponent.Secret (private, or nested in a private class)
      List<Hidden.Money>  | java.util.List<test.PrivateComponent.Hidden.Money> (test.PrivateComponent.Hidden.Money is private, or nested in a private class)
      Hidden.Kind         | test.PrivateComponent.Hidden.Kind (private, or nested in a private class)
      """)
  void componentTypeThatGeneratedCodeCannotNameIsReportedAsPrivate(
      String declared, String reported) {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.PrivateComponent",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import java.util.List;",
        "",
        "@Aggregate",
        "class PrivateComponent extends AggregateRoot {",
        "  private record Secret(long cents) {}",
        "",
        "  private static class Hidden {",
        "    record Money(long cents) {}",
        "",
        "    enum Kind { CASH }",
        "  }",
        "",
        "  @Event record Paid(",
        "      " + declared + " unreachable) {}",
        "",
        "  @Apply void on(Paid event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:UNSUPPORTED_TYPE] component 'unreachable' of @Event Paid has" + " type "
            + reported + ", which Recount cannot store",
        source,
        declared + " unreachable");
  }
}
