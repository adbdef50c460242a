package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.TypeElement;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;

/**
 * Aggregates and events that refer to types another processor generates in a later round are
 * processed once those types exist; without that processor, javac's own "cannot find symbol" is the
 * only error.
 */
class DeferralTest {
  private static final JavaFileObject APPLIES_DEPOSITED = JavaFileObjects.forSourceLines(
      "test.AppliesGeneratedEvent",
      "package test;",
      "",
      "import dev.recount.AggregateRoot;",
      "import dev.recount.annotations.Aggregate;",
      "import dev.recount.annotations.Apply;",
      "",
      "@Aggregate",
      "class AppliesGeneratedEvent extends AggregateRoot {",
      "  @Apply void on(Deposited event) {}",
      "}");

  private static final JavaFileObject PAID_WITH_MONEY = JavaFileObjects.forSourceLines(
      "test.EventOfGeneratedType",
      "package test;",
      "",
      "import dev.recount.AggregateRoot;",
      "import dev.recount.annotations.Aggregate;",
      "import dev.recount.annotations.Apply;",
      "import dev.recount.annotations.Event;",
      "",
      "@Aggregate",
      "class EventOfGeneratedType extends AggregateRoot {",
      "  @Event record Paid(Money amount) {}",
      "",
      "  @Apply void on(Paid event) {}",
      "}");

  @Test
  void aggregateApplyingAGeneratedEventIsGeneratedInTheNextRound() {
    Compilation compilation = Compilations.compileAfter(
        new GeneratesInFirstRound(
            "test.Deposited",
            "package test;",
            "@dev.recount.annotations.Event",
            "record Deposited(long cents) {}"),
        APPLIES_DEPOSITED);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.AppliesGeneratedEvent_Mutator");
    assertThat(compilation).generatedSourceFile("test.Deposited_Codec");
  }

  @Test
  void eventWithAComponentOfAGeneratedTypeIsGeneratedInTheNextRound() {
    Compilation compilation = Compilations.compileAfter(
        new GeneratesInFirstRound(
            "test.Money", "package test;", "record Money(long cents, String currency) {}"),
        PAID_WITH_MONEY);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.EventOfGeneratedType_Paid_Codec");
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.recount.internal.Mutator")
        .contentsAsUtf8String()
        .isEqualTo("test.EventOfGeneratedType_Mutator\n");
  }

  @Test
  void generatedAggregateHandlesAnEventOfAnEarlierRound() {
    JavaFileObject event = JavaFileObjects.forSourceLines(
        "test.Posted",
        "package test;",
        "",
        "import dev.recount.annotations.Event;",
        "",
        "@Event",
        "record Posted(String entry) {}");

    Compilation compilation = Compilations.compileAfter(
        new GeneratesInFirstRound(
            "test.Ledger",
            "package test;",
            "@dev.recount.annotations.Aggregate",
            "class Ledger extends dev.recount.AggregateRoot {",
            "  @dev.recount.annotations.Apply void on(Posted event) {}",
            "}"),
        event);

    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("test.Ledger_Mutator");
  }

  @Test
  void eventThatNeverAppearsIsOnlyJavacsError() {
    Compilation compilation = Compilations.compile(APPLIES_DEPOSITED);

    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation)
        .hadErrorContaining("cannot find symbol")
        .inFile(APPLIES_DEPOSITED)
        .onLineContaining("Deposited event");
  }

  @Test
  void componentTypeThatNeverAppearsIsOnlyJavacsError() {
    Compilations.assertOneError(
        Compilations.compile(PAID_WITH_MONEY),
        "cannot find symbol",
        PAID_WITH_MONEY,
        "Money amount");
  }

  /** Stands for another annotation processor: writes one source file in its first round. */
  private static final class GeneratesInFirstRound extends AbstractProcessor {
    private final String name;
    private final String[] lines;
    private boolean done;

    GeneratesInFirstRound(String name, String... lines) {
      this.name = name;
      this.lines = lines;
    }

    @Override
    public Set<String> getSupportedAnnotationTypes() {
      return Set.of("*");
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
      return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
      if (!done) {
        done = true;
        try (Writer out = processingEnv.getFiler().createSourceFile(name).openWriter()) {
          out.write(String.join("\n", lines) + "\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return false;
    }
  }
}
