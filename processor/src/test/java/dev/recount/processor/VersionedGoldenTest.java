package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the processor generates for an event with two older versions and upcasters, and for an
 * event with a topic alias (golden/VersionedGoldenTest/input), compared as exact text.
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
  void eventMappingReadsAliases() {
    Golden.assertGenerated(compilation, GOLDEN, PACKAGE + "Account_Events");
  }
}
