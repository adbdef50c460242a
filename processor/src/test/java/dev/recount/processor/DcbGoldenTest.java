package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the processor generates for Dynamic Consistency Boundaries: standalone tagged events (codec
 * with tags, typed query, {@code DcbEvents} mapping), an aggregate whose events carry tags, and a
 * decision model; compared as exact text with the goldens under {@code golden/DcbGoldenTest}.
 */
class DcbGoldenTest {
  private static final String GOLDEN = "DcbGoldenTest";
  private static final String PACKAGE = "com.acme.courses.";

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = Compilations.compile(
        Golden.input(GOLDEN, PACKAGE + "CourseId"),
        Golden.input(GOLDEN, PACKAGE + "StudentId"),
        Golden.input(GOLDEN, PACKAGE + "CourseDefined"),
        Golden.input(GOLDEN, PACKAGE + "StudentSubscribed"),
        Golden.input(GOLDEN, PACKAGE + "CourseCapacity"),
        Golden.input(GOLDEN, PACKAGE + "Student"));
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void codecWritesTheTags() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "StudentSubscribed_Codec");
  }

  @Test
  void typedQueryHasAMethodPerTag() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "StudentSubscribedQuery");
  }

  @Test
  void typedQueryOfAnEventWithAliasesSelectsThemToo() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "CourseDefinedQuery");
  }

  @Test
  void standaloneEventMapping() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "CourseDefined_DcbEvents");
  }

  @Test
  void aggregateMappingGivesTheTagsOfTaggedEvents() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "Student_Events");
  }

  @Test
  void aggregateEventWithTagsGetsAQuery() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "Student_RegisteredQuery");
  }

  @Test
  void untaggedAggregateEventGetsNoQuery() {
    org.assertj.core.api.Assertions.assertThat(
            compilation.generatedSourceFile(PACKAGE + "Student_RenamedQuery"))
        .isEmpty();
  }

  @Test
  void decisionMapping() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "CourseCapacity_Decision");
  }

  @Test
  void serviceFilesRegisterStandaloneEventsAndDecisionModels() {
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.recount.internal.DcbEvents")
        .contentsAsUtf8String()
        .isEqualTo(
            PACKAGE + "CourseDefined_DcbEvents\n" + PACKAGE + "StudentSubscribed_DcbEvents\n");
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.recount.internal.DecisionMapping")
        .contentsAsUtf8String()
        .isEqualTo(PACKAGE + "CourseCapacity_Decision\n");
  }
}
