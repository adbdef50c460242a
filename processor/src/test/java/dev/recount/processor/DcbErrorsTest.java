package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Misuses of {@code @Tag}, {@code @Event(standalone)} and {@code @DecisionModel}: each is one error
 * at the element that is wrong, with its message id. And the typed queries: a query naming a tag
 * the event does not have, or a tag value of the wrong type, does not compile (javac's own error,
 * at the call).
 */
class DcbErrorsTest {
  private static final JavaFileObject COURSE_ID = JavaFileObjects.forSourceLines(
      "test.CourseId", "package test;", "", "public record CourseId(String value) {}");

  private static final JavaFileObject COURSE_DEFINED = JavaFileObjects.forSourceLines(
      "test.CourseDefined",
      "package test;",
      "",
      "import dev.recount.annotations.Event;",
      "import dev.recount.annotations.Tag;",
      "",
      "@Event(standalone = true)",
      "public record CourseDefined(@Tag(\"course\") CourseId course, int capacity) {}");

  private static final JavaFileObject STUDENT_SUBSCRIBED = JavaFileObjects.forSourceLines(
      "test.StudentSubscribed",
      "package test;",
      "",
      "import dev.recount.annotations.Event;",
      "import dev.recount.annotations.Tag;",
      "",
      "@Event(standalone = true)",
      "public record StudentSubscribed(",
      "    @Tag(\"student\") String student, @Tag(\"course\") CourseId course) {}");

  private static final JavaFileObject INVOICE_CREATED = JavaFileObjects.forSourceLines(
      "test.InvoiceCreated",
      "package test;",
      "",
      "import dev.recount.annotations.Event;",
      "",
      "@Event(standalone = true)",
      "public record InvoiceCreated(int number) {}");

  /** A source in package {@code test} importing our annotations and the runtime's base class. */
  private static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>(List.of(
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.DecisionModel;",
        "import dev.recount.annotations.Event;",
        "import dev.recount.annotations.Tag;",
        ""));
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  private static Compilation compileWithEvents(JavaFileObject source) {
    return Compilations.compile(
        COURSE_ID, COURSE_DEFINED, STUDENT_SUBSCRIBED, INVOICE_CREATED, source);
  }

  private static void assertOneError(JavaFileObject source, String message, String line) {
    Compilation compilation = compileWithEvents(source);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  @Test
  void correctUseCompilesWithoutWarnings() {
    JavaFileObject model = source(
        "Capacity",
        "@DecisionModel",
        "class Capacity {",
        "  @Tag(\"course\") final CourseId course;",
        "  int capacity;",
        "  int subscriptions;",
        "",
        "  Capacity(CourseId course) { this.course = course; }",
        "",
        "  @Apply void on(CourseDefined event) { capacity = event.capacity(); }",
        "  @Apply void on(StudentSubscribed event) { subscriptions++; }",
        "",
        "  static dev.recount.dcb.EventQuery query(CourseId course, String student) {",
        "    return StudentSubscribedQuery.student(student).andCourse(course)",
        "        .or(CourseDefinedQuery.course(course))",
        "        .or(InvoiceCreatedQuery.all());",
        "  }",
        "}");
    assertThat(compileWithEvents(model)).succeededWithoutWarnings();
  }

  // ---- the typed queries: javac's errors ------------------------------------------------------

  @Test
  void aQueryForATagTheEventDoesNotHaveDoesNotCompile() {
    JavaFileObject use = source(
        "Use",
        "class Use {",
        "  Object query() {",
        "    return CourseDefinedQuery.student(\"s1\");",
        "  }",
        "}");
    Compilation compilation = compileWithEvents(use);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(use)
        .onLineContaining("CourseDefinedQuery.student(");
  }

  @Test
  void anUntaggedEventHasNoTagMethods() {
    JavaFileObject use = source(
        "Use",
        "class Use {",
        "  Object query() {",
        "    return InvoiceCreatedQuery.course(new CourseId(\"c1\"));",
        "  }",
        "}");
    Compilation compilation = compileWithEvents(use);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(use)
        .onLineContaining("InvoiceCreatedQuery.course(");
  }

  @Test
  void aTagValueOfTheWrongTypeDoesNotCompile() {
    JavaFileObject use = source(
        "Use",
        "class Use {",
        "  Object query() {",
        "    return StudentSubscribedQuery.course(\"c1\");",
        "  }",
        "}");
    Compilation compilation = compileWithEvents(use);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining(
            "incompatible types: java.lang.String cannot be converted to" + " test.CourseId")
        .inFile(use)
        .onLineContaining("StudentSubscribedQuery.course(");
  }

  @Test
  void tagsCannotBeAddedToItemsCombinedWithOr() {
    JavaFileObject use = source(
        "Use",
        "class Use {",
        "  Object query(CourseId course) {",
        "    return CourseDefinedQuery.all().or(StudentSubscribedQuery.all()).andCourse(course);",
        "  }",
        "}");
    Compilation compilation = compileWithEvents(use);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(use)
        .onLineContaining(".andCourse(course)");
  }

  // ---- @Event(standalone) ---------------------------------------------------------------------

  @Test
  void standaloneEventNestedInAnAggregate() {
    JavaFileObject source = source(
        "Shop",
        "@Aggregate",
        "class Shop extends AggregateRoot {",
        "  @Event(standalone = true) record Opened() {}",
        "",
        "  @Event record Closed() {}",
        "",
        "  @Apply void on(Closed event) {}",
        "}");
    assertOneError(
        source,
        "[recount:EVENT_STANDALONE_IN_AGGREGATE] @Event(standalone = true) record Opened is nested"
            + " in the @Aggregate Shop, whose events it cannot be: move it out of Shop, or drop"
            + " standalone to make it the aggregate's event",
        "record Opened()");
  }

  @Test
  void aggregateApplyingAStandaloneEvent() {
    JavaFileObject source = source(
        "Course",
        "@Aggregate",
        "class Course extends AggregateRoot {",
        "  @Apply void on(",
        "      CourseDefined event) {}",
        "}");
    assertOneError(
        source,
        "[recount:APPLY_STANDALONE_EVENT] the parameter of @Apply method on() is CourseDefined, a"
            + " standalone event, which no aggregate applies",
        "CourseDefined event");
  }

  @Test
  void standaloneEventNeedsNoAggregate() {
    assertThat(Compilations.compile(INVOICE_CREATED)).succeededWithoutWarnings();
  }

  @Test
  void standaloneEventsMayBeNestedInAClassThatIsNoAggregate() {
    JavaFileObject source = source(
        "Library",
        "final class Library {",
        "  @Event(standalone = true)",
        "  record BookLent(@Tag(\"book\") String book) {}",
        "",
        "  static Object query() {",
        "    return Library_BookLentQuery.book(\"b1\");",
        "  }",
        "}");
    assertThat(Compilations.compile(source)).succeededWithoutWarnings();
  }

  // ---- @Tag -----------------------------------------------------------------------------------

  @Test
  void tagNameThatIsNotAnIdentifier() {
    JavaFileObject source = source(
        "Renamed",
        "@Event(standalone = true)",
        "record Renamed(",
        "    @Tag(\"course-id\") String course,",
        "    String name) {}");
    assertOneError(
        source,
        "[recount:TAG_NAME_INVALID] @Tag(\"course-id\") on component course: a tag's name must be"
            + " a Java identifier, such as \"course\"",
        "@Tag(\"course-id\")");
  }

  @Test
  void tagNameThatClashesWithAnInheritedMethod() {
    JavaFileObject source = source(
        "Waited",
        "@Event(standalone = true)",
        "record Waited(",
        "    @Tag(\"wait\") long millis) {}");
    assertOneError(
        source,
        "[recount:TAG_NAME_RESERVED] @Tag(\"wait\") on component millis: the generated query would"
            + " have a method wait() that clashes with an inherited one; choose another name",
        "@Tag(\"wait\")");
  }

  @Test
  void tagDeclaredTwice() {
    JavaFileObject source = source(
        "Moved",
        "@Event(standalone = true)",
        "record Moved(",
        "    @Tag(\"course\") String from,",
        "    @Tag(\"course\") String to) {}");
    assertOneError(
        source,
        "[recount:TAG_DUPLICATE] @Tag(\"course\") on component to is already the tag of from; each"
            + " tag is declared once",
        "String to)");
  }

  @Test
  void tagOfATypeThatIsNoTagValue() {
    JavaFileObject source = source(
        "Scheduled",
        "@Event(standalone = true)",
        "record Scheduled(",
        "    @Tag(\"when\") java.time.Instant when) {}");
    assertOneError(
        source,
        "[recount:TAG_TYPE_UNSUPPORTED] @Tag on component when (tag \"when\") has type"
            + " java.time.Instant, which is not a tag value: use String, UUID, int, long, short (or"
            + " their boxes), an enum, or a record with exactly one component of those (a typed"
            + " id)",
        "java.time.Instant when");
  }

  @Test
  void tagOfARecordWithTwoComponentsIsNoTagValue() {
    JavaFileObject source = source(
        "Placed",
        "@Event(standalone = true)",
        "record Placed(",
        "    @Tag(\"seat\") Seat seat) {",
        "  record Seat(int row, int column) {}",
        "}");
    assertOneError(
        source,
        "[recount:TAG_TYPE_UNSUPPORTED] @Tag on component seat (tag \"seat\") has type"
            + " test.Placed.Seat, which is not a tag value",
        "Seat seat)");
  }

  @Test
  void tagOnARecordThatIsNoEvent() {
    JavaFileObject source =
        source("Plain", "record Plain(", "    @Tag(\"course\") String course) {}");
    assertOneError(
        source,
        "[recount:TAG_MISPLACED] @Tag on component course: tags are declared on the components of"
            + " an @Event record or on the fields of a @DecisionModel class, not in record Plain,"
            + " which is not an @Event record",
        "@Tag(\"course\") String course");
  }

  @Test
  void tagOnAFieldOfAClassThatIsNoDecisionModel() {
    JavaFileObject source =
        source("Holder", "class Holder {", "  @Tag(\"course\") String course;", "}");
    assertOneError(
        source,
        "[recount:TAG_MISPLACED] @Tag on field course: tags are declared on the components of an"
            + " @Event record or on the fields of a @DecisionModel class, not in Holder",
        "@Tag(\"course\") String course");
  }

  // ---- @DecisionModel -------------------------------------------------------------------------

  @Test
  void decisionModelThatIsNoClass() {
    JavaFileObject source = source(
        "Model", "@DecisionModel", "interface Model {", "  @Apply void on(CourseDefined e);", "}");
    assertOneError(
        source,
        "[recount:DECISION_NOT_A_CLASS] @DecisionModel must be placed on a class, whose fields the"
            + " @Apply methods change; Model is not one",
        "interface Model");
  }

  @Test
  void privateDecisionModel() {
    JavaFileObject source = source(
        "Outer",
        "class Outer {",
        "  @DecisionModel",
        "  private static class Model {",
        "    @Apply void on(CourseDefined event) {}",
        "  }",
        "}");
    assertOneError(
        source,
        "[recount:DECISION_PRIVATE] @DecisionModel class Model must not be private",
        "private static class Model");
  }

  @Test
  void privateTagFieldOfADecisionModel() {
    JavaFileObject source = source(
        "Model",
        "@DecisionModel",
        "class Model {",
        "  @Tag(\"course\") private CourseId course;",
        "",
        "  @Apply void on(CourseDefined event) {}",
        "}");
    assertOneError(
        source,
        "[recount:DECISION_TAG_FIELD] @Tag field course of @DecisionModel Model must be an instance"
            + " field that is not private: the generated query reads its value",
        "private CourseId course");
  }

  @Test
  void decisionModelApplyingOneEventTwice() {
    JavaFileObject source = source(
        "Model",
        "@DecisionModel",
        "class Model {",
        "  @Apply void defined(CourseDefined event) {}",
        "",
        "  @Apply void again(CourseDefined event) {}",
        "}");
    assertOneError(
        source,
        "[recount:APPLY_DUPLICATE] event CourseDefined already has an @Apply method, defined()",
        "void again(");
  }

  @Test
  void privateApplyMethodOfADecisionModel() {
    JavaFileObject source = source(
        "Model",
        "@DecisionModel",
        "class Model {",
        "  @Apply private void on(CourseDefined event) {}",
        "}");
    assertOneError(
        source,
        "[recount:APPLY_PRIVATE] @Apply method on() must not be private",
        "private void on(");
  }

  @Test
  void decisionModelWithoutApplyMethods() {
    JavaFileObject source = source("Model", "@DecisionModel", "class Model {", "  int count;", "}");
    assertOneError(
        source,
        "[recount:DECISION_NO_APPLY] @DecisionModel class Model has no @Apply method, so its query"
            + " would read nothing",
        "class Model");
  }

  @Test
  void decisionModelApplyingAnUntaggedAggregateEvent() {
    JavaFileObject source = source(
        "Shop",
        "@Aggregate",
        "class Shop extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @DecisionModel",
        "  static class Openings {",
        "    @Apply void on(",
        "        Opened opened) {}",
        "  }",
        "}");
    assertOneError(
        source,
        "[recount:DECISION_EVENT_NOT_QUERYABLE] the parameter of @Apply method on() is Opened, an"
            + " aggregate's event without tags",
        "Opened opened");
  }

  @Test
  void decisionModelApplyingAnEventWithoutItsTag() {
    JavaFileObject source = source(
        "Limit",
        "@DecisionModel",
        "class Limit {",
        "  @Tag(\"student\") final String student;",
        "",
        "  Limit(String student) { this.student = student; }",
        "",
        "  @Apply void on(StudentSubscribed event) {}",
        "",
        "  @Apply void on(",
        "      CourseDefined event) {}",
        "}");
    assertOneError(
        source,
        "[recount:DECISION_TAG_MISSING] @Apply method on() applies CourseDefined, which has no tag"
            + " \"student\"; @DecisionModel Limit reads only events tagged with its field student:"
            + " add `@Tag(\"student\")` to a component of the event, or apply it in another"
            + " decision model",
        "CourseDefined event");
  }

  @Test
  void decisionModelWhoseTagFieldHasAnotherTypeThanTheEventsTag() {
    JavaFileObject source = source(
        "Capacity",
        "@DecisionModel",
        "class Capacity {",
        "  @Tag(\"course\") final String course;",
        "",
        "  Capacity(String course) { this.course = course; }",
        "",
        "  @Apply void on(",
        "      CourseDefined event) {}",
        "}");
    assertOneError(
        source,
        "[recount:DECISION_TAG_TYPE] @Apply method on() applies CourseDefined, whose tag \"course\""
            + " has type test.CourseId, but the model's field course has type java.lang.String:"
            + " the tag's values must have one type",
        "CourseDefined event");
  }
}
