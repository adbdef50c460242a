package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the processor generates for a {@code @Projection}: its mapping (name, topics with aliases,
 * dispatch with and without the context), compared as exact text with the golden under
 * {@code golden/ProjectionGoldenTest}, and its service registration.
 */
class ProjectionGoldenTest {
  private static final String GOLDEN = "ProjectionGoldenTest";
  private static final String PACKAGE = "com.acme.shop.";

  private static Compilation compilation;

  @BeforeAll
  static void compile() {
    compilation = Compilations.compile(
        Golden.input(GOLDEN, PACKAGE + "Order"), Golden.input(GOLDEN, PACKAGE + "OrderSummaries"));
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void projectionMapping() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "OrderSummaries_Projection");
  }

  @Test
  void serviceFileRegistersTheProjection() {
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT,
            "META-INF/services/dev.recount.internal.ProjectionMapping")
        .contentsAsUtf8String()
        .isEqualTo(PACKAGE + "OrderSummaries_Projection\n");
  }
}
