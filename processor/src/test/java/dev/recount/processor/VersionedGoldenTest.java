package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the processor generates for an event with two older versions and upcasters, for an event
 * with a topic alias, and for an aggregate with two older snapshot shapes
 * (golden/VersionedGoldenTest/input), compared as exact text.
 */
class VersionedGoldenTest {
  private static final String GOLDEN = "VersionedGoldenTest";
  private static final String PACKAGE = "com.acme.bank.";

  private static Compilation compilation;

  @BeforeAll
  static void compileAccount() {
    compilation = Compilations.compile(Golden.input(GOLDEN, PACKAGE + "Account"));
  }

  @Test
  void compilesWithoutWarnings() {
    assertThat(compilation).succeededWithoutWarnings();
  }

  @Test
  void codecOfVersionedEvent() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "Account_Opened_Codec");
  }

  @Test
  void snapshotMappingReadsOlderShapes() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "Account_Snapshot");
  }

  @Test
  void eventMappingReadsAliases() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "Account_Events");
  }

  @Test
  void topicsListAliasesInTheSetOfAllTopics() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "AccountTopics");
  }
}
