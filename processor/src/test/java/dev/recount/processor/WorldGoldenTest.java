package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the processor generates for the World example (a copy of
 * {@code examples/.../world/World.java} under {@code golden/WorldGoldenTest/input}), compared as
 * exact text with the goldens next to it.
 */
class WorldGoldenTest {
  private static final String GOLDEN = "WorldGoldenTest";
  private static final String PACKAGE = "dev.recount.examples.world.";

  private static Compilation compilation;

  @BeforeAll
  static void compileWorld() {
    compilation = Compilations.compile(Golden.input(GOLDEN, PACKAGE + "World"));
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void mutator() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "World_Mutator");
  }

  @Test
  void eventMapping() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "World_Events");
  }

  @Test
  void snapshotMapping() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "World_Snapshot");
  }

  @Test
  void repository() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "WorldRepository");
  }

  @Test
  void topics() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "WorldTopics");
  }

  @Test
  void codecOfEventWithOneComponent() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "World_SomethingHappened_Codec");
  }

  @Test
  void serviceFileRegistersTheMutator() {
    assertThat(compilation)
        .generatedFile(
            StandardLocation.CLASS_OUTPUT, "META-INF/services/dev.recount.internal.Mutator")
        .contentsAsUtf8String()
        .isEqualTo(PACKAGE + "World_Mutator\n");
  }
}
