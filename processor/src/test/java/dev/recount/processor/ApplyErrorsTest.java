package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Misuses of {@code @Apply}: each is one error, at the method or at its parameter, with its message
 * id.
 */
class ApplyErrorsTest {

  @Test
  void applyOutsideAnAggregateIsReportedOnTheClass() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.NotAnAggregate",
        "package test;",
        "",
        "import dev.recount.annotations.Apply;",
        "",
        "class NotAnAggregate {",
        "  @Apply void on(String event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:AGGREGATE_MISSING] NotAnAggregate has @Apply methods on() but"
            + " is not annotated @Aggregate",
        source,
        "class NotAnAggregate");
  }

  @Test
  void privateApplyMethodIsReportedOnTheMethod() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.PrivateHandler",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class PrivateHandler extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply private void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:APPLY_PRIVATE] @Apply method on() must not be private",
        source,
        "private void on(");
  }

  @Test
  void staticApplyMethodIsReportedOnTheMethod() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.StaticHandler",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class StaticHandler extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply static void on(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:APPLY_STATIC] @Apply method on() must not be static",
        source,
        "static void on(");
  }

  @Test
  void applyMethodWithoutParametersIsReportedOnTheMethod() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.NoParameter",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class NoParameter extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void reset() {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:APPLY_ONE_PARAMETER] @Apply method reset() must take"
            + " exactly one parameter, the event to apply",
        source,
        "void reset()");
  }

  @Test
  void applyMethodWithTwoParametersIsOneErrorOnTheMethod() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.TwoParameters",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class TwoParameters extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event, long extra) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:APPLY_ONE_PARAMETER] @Apply method on() must take exactly"
            + " one parameter, the event to apply",
        source,
        "long extra");
  }

  @Test
  void applyMethodWithTwoParametersForATopLevelEventIsOneErrorOnTheMethod() {
    JavaFileObject event = JavaFileObjects.forSourceLines(
        "test.Withdrawn",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "record Withdrawn(long cents) {}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.TwoParametersTopLevel",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "",
        "@Aggregate",
        "class TwoParametersTopLevel extends AggregateRoot {",
        "  @Apply void on(long extra, Withdrawn event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(event, source),
        "[recount:APPLY_ONE_PARAMETER] @Apply method on() must take exactly" + " one parameter",
        source,
        "long extra");
  }

  @Test
  void parameterThatIsNotAnEventIsReportedOnTheParameter() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.StringHandler",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class StringHandler extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply",
        "  void on(",
        "      String notAnEvent) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:APPLY_NOT_AN_EVENT] the parameter of @Apply method on() has"
            + " type java.lang.String, which is not an @Event record",
        source,
        "String notAnEvent");
  }

  @Test
  void recordWithoutEventAnnotationIsReportedOnTheParameter() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.UnannotatedRecord",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "",
        "@Aggregate",
        "class UnannotatedRecord extends AggregateRoot {",
        "  record Opened() {}",
        "",
        "  @Apply void on(Opened opened) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:APPLY_NOT_AN_EVENT] the parameter of @Apply method on() has"
            + " type test.UnannotatedRecord.Opened, which is not an @Event record: annotate the"
            + " record with @Event",
        source,
        "Opened opened");
  }

  @Test
  void eventNestedInAnotherAggregateIsReportedOnTheParameter() {
    JavaFileObject other = JavaFileObjects.forSourceLines(
        "test.Ledger",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class Ledger extends AggregateRoot {",
        "  @Event record Posted() {}",
        "",
        "  @Apply void on(Posted event) {}",
        "}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.AppliesLedgerEvent",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class AppliesLedgerEvent extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void on(Ledger.Posted foreign) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(other, source),
        "[recount:APPLY_FOREIGN_EVENT] the parameter of @Apply method on() is"
            + " test.Ledger.Posted, an event of test.Ledger: an aggregate applies its own events",
        source,
        "Ledger.Posted foreign");
  }

  @Test
  void topLevelEventOfAnotherPackageIsReportedOnTheParameter() {
    JavaFileObject event = JavaFileObjects.forSourceLines(
        "other.Transferred",
        "package other;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "public record Transferred(long cents) {}");
    JavaFileObject otherAggregate = JavaFileObjects.forSourceLines(
        "other.Bank",
        "package other;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "",
        "@Aggregate",
        "public class Bank extends AggregateRoot {",
        "  @Apply void on(Transferred event) {}",
        "}");
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.AppliesOtherPackage",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "import other.Transferred;",
        "",
        "@Aggregate",
        "class AppliesOtherPackage extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void on(Transferred foreign) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(event, otherAggregate, source),
        "[recount:APPLY_FOREIGN_EVENT] the parameter of @Apply method on() is"
            + " other.Transferred, an event of package other",
        source,
        "Transferred foreign");
  }

  @Test
  void secondHandlerOfTheSameEventIsReportedOnTheSecondMethod() {
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.TwoHandlers",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "import dev.recount.annotations.Event;",
        "",
        "@Aggregate",
        "class TwoHandlers extends AggregateRoot {",
        "  @Event record Opened() {}",
        "",
        "  @Apply void on(Opened event) {}",
        "",
        "  @Apply void onAgain(Opened event) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compile(source),
        "[recount:APPLY_DUPLICATE] event Opened already has an @Apply method,"
            + " on(); each event must have exactly one",
        source,
        "void onAgain(");
  }

  @Test
  void eventCompiledWithoutTheProcessorIsReportedOnTheParameter(@TempDir Path library)
      throws IOException {
    JavaFileObject event = JavaFileObjects.forSourceLines(
        "test.Opened",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "public record Opened(String owner) {}");
    compileToDirectory(library, "test/Opened.class", event);
    JavaFileObject source = JavaFileObjects.forSourceLines(
        "test.AppliesCompiledEvent",
        "package test;",
        "",
        "import dev.recount.AggregateRoot;",
        "import dev.recount.annotations.Aggregate;",
        "import dev.recount.annotations.Apply;",
        "",
        "@Aggregate",
        "class AppliesCompiledEvent extends AggregateRoot {",
        "  @Apply void on(Opened compiled) {}",
        "}");

    Compilations.assertOneError(
        Compilations.compileWithClasspath(library.toFile(), source),
        "[recount:APPLY_NO_CODEC] event test.Opened comes from a compiled class"
            + " that has no generated codec (test.Opened_Codec): compile its module with"
            + " recount-processor",
        source,
        "Opened compiled");
  }

  /** Compiles {@code source} without our processor; puts {@code classFile} in {@code directory}. */
  private static void compileToDirectory(Path directory, String classFile, JavaFileObject source)
      throws IOException {
    Compilation library = Compilations.compileWithoutProcessors(source);
    assertThat(library).succeeded();
    JavaFileObject compiled =
        library.generatedFile(StandardLocation.CLASS_OUTPUT, classFile).orElseThrow();
    Path target = directory.resolve(classFile);
    Files.createDirectories(target.getParent());
    try (InputStream in = compiled.openInputStream()) {
      Files.copy(in, target);
    }
  }
}
