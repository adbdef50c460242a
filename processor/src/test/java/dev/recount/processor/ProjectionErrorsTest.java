package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Misuses of {@code @Projection} and {@code @Handles}: each is one error at the element. */
class ProjectionErrorsTest {
  private static final JavaFileObject NOTE = JavaFileObjects.forSourceLines(
      "test.Note",
      "package test;",
      "",
      "import dev.recount.AggregateRoot;",
      "import dev.recount.annotations.Aggregate;",
      "import dev.recount.annotations.Apply;",
      "import dev.recount.annotations.Event;",
      "",
      "@Aggregate",
      "public class Note extends AggregateRoot {",
      "  @Event public record Written(String text) {}",
      "  @Event public record Erased() {}",
      "  @Apply void on(Written event) {}",
      "  @Apply void on(Erased event) {}",
      "}");

  private static JavaFileObject source(String name, String... lines) {
    List<String> all = new ArrayList<>(List.of(
        "package test;",
        "",
        "import dev.recount.annotations.Handles;",
        "import dev.recount.annotations.Projection;",
        "import dev.recount.projection.ProjectionContext;",
        ""));
    all.addAll(List.of(lines));
    return JavaFileObjects.forSourceLines("test." + name, all);
  }

  private static void assertOneError(JavaFileObject source, String message, String line) {
    Compilations.assertOneError(Compilations.compile(NOTE, source), message, source, line);
  }

  @Test
  void aValidProjectionCompiles() {
    JavaFileObject source = source(
        "Notes",
        "@Projection(\"notes\")",
        "class Notes {",
        "  @Handles void on(Note.Written event, ProjectionContext context) {}",
        "  @Handles void on(Note.Erased event) {}",
        "}");
    assertThat(Compilations.compile(NOTE, source)).succeededWithoutWarnings();
  }

  @Test
  void projectionOnAnInterface() {
    assertOneError(
        source("Notes", "@Projection(\"notes\")", "interface Notes {}"),
        "[recount:PROJECTION_NOT_A_CLASS]",
        "interface Notes");
  }

  @Test
  void privateProjection() {
    assertOneError(
        source(
            "Outer",
            "class Outer {",
            "  @Projection(\"notes\")",
            "  private static class Notes {",
            "    @Handles void on(Note.Written event) {}",
            "  }",
            "}"),
        "[recount:PROJECTION_PRIVATE]",
        "private static class Notes");
  }

  @Test
  void projectionNameInvalid() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"my notes\")",
            "class Notes {",
            "  @Handles void on(Note.Written event) {}",
            "}"),
        "[recount:PROJECTION_NAME_INVALID]",
        "@Projection(\"my notes\")");
  }

  @Test
  void projectionWithoutHandlers() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"notes\")",
            "class Notes {",
            "  void on(Note.Written e) {}",
            "}"),
        "[recount:PROJECTION_NO_HANDLER]",
        "class Notes");
  }

  @Test
  void handlesOutsideAProjection() {
    assertOneError(
        source("Notes", "class Notes {", "  @Handles void on(Note.Written event) {}", "}"),
        "[recount:HANDLES_OUTSIDE_PROJECTION]",
        "@Handles void on(Note.Written event)");
  }

  @Test
  void privateHandler() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"notes\")",
            "class Notes {",
            "  @Handles private void on(Note.Written event) {}",
            "}"),
        "[recount:HANDLES_PRIVATE]",
        "private void on(");
  }

  @Test
  void staticHandler() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"notes\")",
            "class Notes {",
            "  @Handles static void on(Note.Written event) {}",
            "}"),
        "[recount:HANDLES_STATIC]",
        "static void on(");
  }

  @Test
  void handlerWithoutParameters() {
    assertOneError(
        source("Notes", "@Projection(\"notes\")", "class Notes {", "  @Handles void on() {}", "}"),
        "[recount:HANDLES_PARAMETERS]",
        "void on()");
  }

  @Test
  void handlerWhoseSecondParameterIsNotTheContext() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"notes\")",
            "class Notes {",
            "  @Handles void on(Note.Written event, java.sql.Connection connection) {}",
            "}"),
        "takes (test.Note.Written, java.sql.Connection)",
        "java.sql.Connection connection");
  }

  @Test
  void handlerOfSomethingThatIsNotAnEvent() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"notes\")",
            "class Notes {",
            "  @Handles void on(",
            "      String event) {}",
            "}"),
        "[recount:HANDLES_NOT_AN_EVENT]",
        "String event");
  }

  @Test
  void twoHandlersOfOneEvent() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"notes\")",
            "class Notes {",
            "  @Handles void first(Note.Written event) {}",
            "  @Handles void second(Note.Written event, ProjectionContext context) {}",
            "}"),
        "[recount:HANDLES_DUPLICATE]",
        "void second(");
  }

  @Test
  void genericProjection() {
    assertOneError(
        source(
            "Notes",
            "@Projection(\"notes\")",
            "class Notes<T> {",
            "  @Handles void on(Note.Written event) {}",
            "}"),
        "@Projection class Notes must not be generic",
        "class Notes<T>");
  }
}
