package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Misuses of aggregate versions, older snapshot shapes and their upcasters: each is one error, at
 * the element that is wrong (the record, the method, its parameter, or the annotation's value),
 * with its id.
 */
class SnapshotVersionErrorsTest {

  /**
   * An aggregate {@code test.Account} annotated {@code aggregate}, with fields {@code owner} and
   * {@code cents}, one event, and {@code members}.
   */
  private static JavaFileObject account(String aggregate, String... members) {
    List<String> lines = new ArrayList<>(List.of(
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import dev.recount.annotations.SnapshotVersion;",
        "import dev.recount.annotations.Upcast;",
        "",
        aggregate,
        "class Account extends AggregateRoot {",
        "  String owner;",
        "  long cents;",
        "",
        "  @Event record Opened(String owner) {}",
        "",
        "  @Apply void on(Opened event) { owner = event.owner(); }",
        ""));
    lines.addAll(List.of(members));
    lines.add("}");
    return JavaFileObjects.forSourceLines("test.Account", lines);
  }

  private static void assertOneError(JavaFileObject source, String message, String line) {
    Compilations.assertOneError(Compilations.compile(source), message, source, line);
  }

  @Test
  void aVersionedAggregateWithAnUpcastChainCompiles() {
    assertThat(Compilations.compile(account(
            "@Aggregate(version = 3)",
            "  @SnapshotVersion(1) record V1(String name) {}",
            "  @SnapshotVersion(2) record V2(String owner) {",
            "    @Upcast static V2 upcast(V1 old) { return new V2(old.name()); }",
            "  }",
            "",
            "  @Upcast void restore(V2 old) { owner = old.owner(); }")))
        .succeededWithoutWarnings();
  }

  @Test
  void aBumpWithoutOlderShapesCompiles() {
    assertThat(Compilations.compile(account("@Aggregate(version = 2)"))).succeededWithoutWarnings();
  }

  @Test
  void versionBelowOneIsReportedAtTheVersion() {
    JavaFileObject source = account("@Aggregate(version = 0)");

    assertOneError(
        source,
        "[recount:AGGREGATE_VERSION_INVALID] @Aggregate(version) of Account is 0; versions start"
            + " at 1",
        "@Aggregate(version = 0)");
  }

  @Test
  void shapeOfTheCurrentVersionIsReportedAtItsVersion() {
    JavaFileObject source =
        account("@Aggregate(version = 2)", "  @SnapshotVersion(2) record V2(String owner) {}");

    assertOneError(
        source,
        "[recount:SNAPSHOT_VERSION_OUT_OF_RANGE] @SnapshotVersion(2) record V2 is not an older"
            + " shape of Account, which is at version 2: older shapes have versions from 1 below"
            + " it, and the fields themselves are the shape of version 2; if they changed since,"
            + " bump @Aggregate(version) to 3",
        "@SnapshotVersion(2) record V2");
  }

  @Test
  void secondShapeOfOneVersionIsReportedAtIt() {
    JavaFileObject source = account(
        "@Aggregate(version = 2)",
        "  @SnapshotVersion(1) record V1(String owner) {}",
        "  @SnapshotVersion(1) record Old(String owner) {}",
        "",
        "  @Upcast void restore(V1 old) { owner = old.owner(); }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_VERSION_DUPLICATE] @SnapshotVersion(1) record Old: V1 already is the"
            + " shape of version 1; each version has at most one",
        "record Old(");
  }

  @Test
  void privateShapeIsReportedAtTheRecord() {
    JavaFileObject source = account(
        "@Aggregate(version = 2)",
        "  @SnapshotVersion(1) private record V1(String owner) {}",
        "",
        "  @Upcast void restore(V1 old) { owner = old.owner(); }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_VERSION_PRIVATE] @SnapshotVersion record V1 must not be private or"
            + " generic: the generated Account_Snapshot reads it",
        "private record V1(");
  }

  @Test
  void shapeOutsideAnAggregateIsReportedAtTheRecord() {
    JavaFileObject source = account(
        "@Aggregate",
        "  static class Shapes {",
        "    @SnapshotVersion(1) record V1(String owner) {}",
        "  }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_VERSION_MISPLACED] @SnapshotVersion must be placed on a record nested"
            + " in the @Aggregate class whose older snapshot shape it is; V1 is nested in Shapes,"
            + " which is not an @Aggregate class",
        "@SnapshotVersion(1) record V1(");
  }

  @Test
  void shapeThatIsNotARecordIsReportedAtIt() {
    JavaFileObject source =
        account("@Aggregate(version = 2)", "  @SnapshotVersion(1) static class V1 {}");

    assertOneError(
        source,
        "[recount:SNAPSHOT_VERSION_MISPLACED] @SnapshotVersion must be placed on a record nested"
            + " in the @Aggregate class whose older snapshot shape it is; V1 is not a record",
        "@SnapshotVersion(1) static class V1");
  }

  @Test
  void gapInTheChainIsReportedAtTheShapeBeforeIt() {
    JavaFileObject source =
        account("@Aggregate(version = 3)", "  @SnapshotVersion(1) record V1(String owner) {}");

    assertOneError(
        source,
        "[recount:SNAPSHOT_VERSION_GAP] @SnapshotVersion(1) record V1 cannot be upcast: no record"
            + " declares snapshot version 2; declare `@SnapshotVersion(2) record ...` with an"
            + " upcaster, or remove V1 (snapshots of version 1 are then ignored and the aggregate"
            + " replayed from its events)",
        "@SnapshotVersion(1) record V1(");
  }

  @Test
  void missingLastLinkIsReportedAtTheShapeWithTheMethodToWrite() {
    JavaFileObject source =
        account("@Aggregate(version = 2)", "  @SnapshotVersion(1) record V1(String owner) {}");

    assertOneError(
        source,
        "[recount:SNAPSHOT_UPCAST_MISSING] no @Upcast method converts V1 (snapshot version 1) to"
            + " the fields of Account: add `@Upcast void restore(V1 old) { ... }` to Account",
        "@SnapshotVersion(1) record V1(");
  }

  @Test
  void missingInnerLinkIsReportedAtTheShapeWithTheMethodToWrite() {
    JavaFileObject source = account(
        "@Aggregate(version = 3)",
        "  @SnapshotVersion(1) record V1(String name) {}",
        "  @SnapshotVersion(2) record V2(String owner) {}",
        "",
        "  @Upcast void restore(V2 old) { owner = old.owner(); }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_UPCAST_MISSING] no @Upcast method converts V1 (snapshot version 1) to"
            + " version 2: add `@Upcast static V2 upcast(V1 old) { ... }` to Account or V1",
        "@SnapshotVersion(1) record V1(");
  }

  @Test
  void upcasterWithTwoParametersIsReportedAtTheMethod() {
    JavaFileObject source = account(
        "@Aggregate(version = 2)",
        "  @SnapshotVersion(1) record V1(String owner) {}",
        "",
        "  @Upcast void restore(V1 old, String more) { owner = old.owner(); }",
        "  @Upcast void restore(V1 old) { owner = old.owner(); }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_UPCAST_SIGNATURE] @Upcast method restore() must not be private and must"
            + " take exactly one parameter, an older snapshot shape of the aggregate",
        "@Upcast void restore(V1 old, String more)");
  }

  @Test
  void upcasterOfSomethingElseIsReportedAtItsParameter() {
    JavaFileObject source =
        account("@Aggregate(version = 2)", "  @Upcast void restore(String old) { owner = old; }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_UPCAST_WRONG_PARAMETER] @Upcast method restore() takes"
            + " java.lang.String, which is not an older snapshot shape of Account: take one of its"
            + " @SnapshotVersion records",
        "@Upcast void restore(String old)");
  }

  @Test
  void innerLinkThatSkipsAVersionIsReportedAtTheMethod() {
    JavaFileObject source = account(
        "@Aggregate(version = 3)",
        "  @SnapshotVersion(1) record V1(String name) {}",
        "  @SnapshotVersion(2) record V2(String owner) {}",
        "",
        "  @Upcast static V1 upcast(V1 old) { return old; }",
        "  @Upcast void restore(V2 old) { owner = old.owner(); }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_UPCAST_WRONG_LINK] @Upcast method upcast() takes snapshot version 1"
            + " (V1), so it must be `static V2 upcast(V1 old)`, returning version 2: each upcaster"
            + " converts to the next version only",
        "@Upcast static V1 upcast(V1 old)");
  }

  @Test
  void staticLastLinkIsReportedAtTheMethod() {
    JavaFileObject source = account(
        "@Aggregate(version = 2)",
        "  @SnapshotVersion(1) record V1(String owner) {",
        "    @Upcast static Account restore(V1 old) { return new Account(); }",
        "  }");

    assertOneError(
        source,
        "[recount:SNAPSHOT_UPCAST_LAST_LINK] @Upcast method restore() takes snapshot version 1"
            + " (V1), the last before the current fields (version 2), so it must be `void"
            + " restore(V1 old)`, an instance method of Account that sets its fields from the old"
            + " shape",
        "@Upcast static Account restore(V1 old)");
  }

  @Test
  void secondUpcasterOfOneVersionIsReportedAtIt() {
    JavaFileObject source = account(
        "@Aggregate(version = 2)",
        "  @SnapshotVersion(1) record V1(String owner) {}",
        "",
        "  @Upcast void restore(V1 old) { owner = old.owner(); }",
        "  @Upcast void restoreAgain(V1 old) { owner = old.owner(); }");

    assertOneError(
        source,
        "[recount:UPCAST_DUPLICATE] @Upcast method restoreAgain() converts version 1, as"
            + " restore() already does",
        "@Upcast void restoreAgain(");
  }

  @Test
  void unsupportedComponentOfAnOlderShapeIsReportedAtTheComponent() {
    JavaFileObject source = account(
        "@Aggregate(version = 2)",
        "  @SnapshotVersion(1) record V1(Object owner) {}",
        "",
        "  @Upcast void restore(V1 old) { owner = old.owner().toString(); }");

    assertOneError(
        source,
        "[recount:UNSUPPORTED_TYPE] component 'owner' of @SnapshotVersion(1) V1 has type"
            + " java.lang.Object",
        "record V1(Object owner)");
  }
}
