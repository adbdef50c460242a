package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Misuses of event versions, upcasters and topic aliases: each is one error, at the element that is
 * wrong (the record, the method, its parameter, or the annotation's value), with its id.
 */
class VersionErrorsTest {

  /** An aggregate {@code test.Account} whose nested event {@code Opened} is {@code event}. */
  private static JavaFileObject account(String... event) {
    List<String> lines = new ArrayList<>(List.of(
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import dev.recount.annotations.EventVersion;",
        "import dev.recount.annotations.Upcast;",
        "",
        "@Aggregate",
        "class Account extends AggregateRoot {"));
    lines.addAll(List.of(event));
    lines.addAll(List.of("", "  @Apply void on(Opened event) {}", "}"));
    return JavaFileObjects.forSourceLines("test.Account", lines);
  }

  private static void assertOneError(
      Compilation compilation, JavaFileObject source, String message, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  @Test
  void versionBelowOneIsReportedAtTheVersion() {
    JavaFileObject source = account("  @Event(version = 0)", "  record Opened(String owner) {}");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_VERSION_INVALID] @Event(version) of Opened is 0; versions start at 1",
        "@Event(version = 0)");
  }

  @Test
  void missingOlderShapeIsReportedAtTheVersion() {
    JavaFileObject source = account(
        "  @Event(version = 3)",
        "  record Opened(String owner, String currency) {",
        "    @EventVersion(2) record V2(String owner) {}",
        "",
        "    @Upcast static Opened upcast(V2 old) { return new Opened(old.owner(), \"EUR\"); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_VERSION_MISSING] @Event record Opened is at version 3 but declares no"
            + " shape of version 1: nest `@EventVersion(1) record V1(...)` in it",
        "@Event(version = 3)");
  }

  @Test
  void shapeOfTheCurrentVersionIsReportedAtItsVersion() {
    JavaFileObject source = account(
        "  @Event(version = 2)",
        "  record Opened(String owner) {",
        "    @EventVersion(1) record V1(String name) {}",
        "",
        "    @EventVersion(2) record V2(String owner) {}",
        "",
        "    @Upcast static Opened upcast(V1 old) { return new Opened(old.name()); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_VERSION_OUT_OF_RANGE] @EventVersion(2) record V2 must have a version"
            + " from 1 to 1: Opened is at version 2, and its own shape is the record itself",
        "@EventVersion(2) record V2");
  }

  @Test
  void secondShapeOfOneVersionIsReportedAtIt() {
    JavaFileObject source = account(
        "  @Event(version = 2)",
        "  record Opened(String owner) {",
        "    @EventVersion(1) record V1(String name) {}",
        "",
        "    @EventVersion(1) record Old(String name) {}",
        "",
        "    @Upcast static Opened upcast(V1 old) { return new Opened(old.name()); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_VERSION_DUPLICATE] @EventVersion(1) record Old: V1 already is the shape"
            + " of version 1",
        "record Old(");
  }

  @Test
  void shapeOutsideItsEventIsReportedAtTheRecord() {
    JavaFileObject source = account(
        "  @Event record Opened(String owner) {}",
        "",
        "  @EventVersion(1) record V1(String name) {}");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_VERSION_MISPLACED] @EventVersion must be placed on a record nested in the"
            + " @Event record whose older shape it is; V1 is nested in Account, which is not an"
            + " @Event record",
        "record V1(");
  }

  @Test
  void shapeThatIsNotARecordIsReportedAtIt() {
    JavaFileObject source = account(
        "  @Event(version = 2)",
        "  record Opened(String owner) {",
        "    @EventVersion(1) record V1(String name) {}",
        "",
        "    @EventVersion(1) static class Old {}",
        "",
        "    @Upcast static Opened upcast(V1 old) { return new Opened(old.name()); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_VERSION_MISPLACED] @EventVersion must be placed on a record nested in the"
            + " @Event record whose older shape it is; Old is not a record",
        "static class Old");
  }

  @Test
  void missingLinkIsReportedAtTheOlderShape() {
    JavaFileObject source = account(
        "  @Event(version = 3)",
        "  record Opened(String owner, String currency) {",
        "    @EventVersion(1) record V1(String name) {}",
        "",
        "    @EventVersion(2) record V2(String owner) {}",
        "",
        "    @Upcast static Opened upcast(V2 old) { return new Opened(old.owner(), \"EUR\"); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:UPCAST_MISSING] no @Upcast method converts V1 (version 1) to version 2: add"
            + " `@Upcast static V2 upcast(V1 old) { ... }` to Opened",
        "record V1(");
  }

  @Test
  void upcasterThatIsNotStaticIsReportedAtTheMethod() {
    JavaFileObject source = account(
        "  @Event(version = 2)",
        "  record Opened(String owner) {",
        "    @EventVersion(1) record V1(String name) {",
        "      @Upcast Opened upcast() { return new Opened(name); }",
        "    }",
        "  }");

    Compilation compilation = Compilations.compile(source);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(2);
    assertThat(compilation)
        .hadErrorContaining("[recount:UPCAST_SIGNATURE] @Upcast method upcast() must be static,"
            + " not private, and take exactly one parameter, the older version of the event")
        .inFile(source)
        .onLineContaining("@Upcast Opened upcast()");
    assertThat(compilation)
        .hadErrorContaining("[recount:UPCAST_MISSING]")
        .inFile(source)
        .onLineContaining("record V1(");
  }

  @Test
  void upcasterOfAnotherTypeIsReportedAtTheParameter() {
    JavaFileObject source = account(
        "  @Event(version = 2)",
        "  record Opened(String owner) {",
        "    @EventVersion(1) record V1(String name) {}",
        "",
        "    @Upcast static Opened upcast(V1 old) { return new Opened(old.name()); }",
        "",
        "    @Upcast static Opened fromText(String old) { return new Opened(old); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:UPCAST_WRONG_PARAMETER] @Upcast method fromText() takes java.lang.String, which"
            + " is not an older version of Opened: take one of its @EventVersion records",
        "fromText(String old)");
  }

  @Test
  void upcasterThatSkipsAVersionIsReportedAtTheMethod() {
    JavaFileObject source = account(
        "  @Event(version = 3)",
        "  record Opened(String owner, String currency) {",
        "    @EventVersion(1) record V1(String name) {}",
        "",
        "    @EventVersion(2) record V2(String owner) {}",
        "",
        "    @Upcast static V2 upcast(V1 old) { return new V2(old.name()); }",
        "",
        "    @Upcast static Opened upcast(V2 old) { return new Opened(old.owner(), \"EUR\"); }",
        "",
        "    @Upcast static Opened skip(V1 old) { return new Opened(old.name(), \"EUR\"); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:UPCAST_WRONG_RETURN] @Upcast method skip() takes version 1 (V1), so it must"
            + " return version 2, V2, not test.Account.Opened: each upcaster converts to the next"
            + " version only",
        "skip(V1 old)");
  }

  @Test
  void secondUpcasterOfOneVersionIsReportedAtIt() {
    JavaFileObject source = account(
        "  @Event(version = 2)",
        "  record Opened(String owner) {",
        "    @EventVersion(1) record V1(String name) {",
        "      @Upcast static Opened again(V1 old) { return new Opened(old.name()); }",
        "    }",
        "",
        "    @Upcast static Opened upcast(V1 old) { return new Opened(old.name()); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:UPCAST_DUPLICATE] @Upcast method again() converts version 1, as upcast()"
            + " already does; each version has exactly one upcaster",
        "static Opened again(");
  }

  @Test
  void upcasterOutsideAnEventIsReportedAtTheMethod() {
    JavaFileObject source = account(
        "  @Event record Opened(String owner) {}",
        "",
        "  static class Upcasters {",
        "    @Upcast static Opened upcast(String owner) { return new Opened(owner); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:UPCAST_MISPLACED] @Upcast method upcast() must be in an @Event record (or one"
            + " of its @EventVersion records) or in an @Aggregate class (or one of its"
            + " @SnapshotVersion records), not in Upcasters",
        "@Upcast static Opened upcast(");
  }

  @Test
  void unsupportedComponentOfAnOlderShapeIsReportedAtTheComponent() {
    JavaFileObject source = account(
        "  @Event(version = 2)",
        "  record Opened(String owner) {",
        "    @EventVersion(1) record V1(Object name) {}",
        "",
        "    @Upcast static Opened upcast(V1 old) { return new Opened(old.name().toString()); }",
        "  }");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:UNSUPPORTED_TYPE] component 'name' of @EventVersion(1) V1 has type"
            + " java.lang.Object",
        "record V1(Object name)");
  }

  @Test
  void aliasThatIsAnotherEventsTopicIsReportedAtTheAliases() {
    JavaFileObject source = account(
        "  @Event(topic = \"bank.Opened\") record Opened(String owner) {}",
        "",
        "  @Event(aliases = {\"bank.Closed\", \"bank.Opened\"}) record Closed() {}",
        "",
        "  @Apply void on(Closed event) {}");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_TOPIC_DUPLICATE] the topic 'bank.Opened' is also used by"
            + " test.Account.Opened",
        "@Event(aliases = {");
  }

  @Test
  void blankAliasIsReportedAtIt() {
    JavaFileObject source = account("  @Event(aliases = \" \") record Opened(String owner) {}");

    assertOneError(
        Compilations.compile(source),
        source,
        "[recount:EVENT_TOPIC_BLANK] @Event(topic) must not be blank",
        "@Event(aliases = \" \")");
  }
}
