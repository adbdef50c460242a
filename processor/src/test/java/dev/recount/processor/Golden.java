package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.tools.JavaFileObject;

/**
 * Golden files: expected generated sources, compared as exact text so that formatting and Javadoc
 * count. Run the tests with {@code RECOUNT_UPDATE_GOLDEN=1} to overwrite the goldens with what the
 * processor generates now, then review the diff before committing it.
 */
final class Golden {
  /** Relative to the processor module, which is where Surefire runs the tests. */
  static final Path ROOT = Path.of("src/test/resources/golden");

  private static final boolean UPDATE = System.getenv("RECOUNT_UPDATE_GOLDEN") != null;

  private Golden() {}

  /** An input source stored under {@code golden/<directory>/input/}, by its qualified name. */
  static JavaFileObject input(String directory, String qualifiedName) {
    Path file =
        ROOT.resolve(directory).resolve("input").resolve(qualifiedName.replace('.', '/') + ".java");
    try {
      return JavaFileObjects.forSourceString(qualifiedName, read(file));
    } catch (UncheckedIOException e) {
      throw new AssertionError("missing golden input " + file, e);
    }
  }

  /**
   * Asserts that {@code compilation} generated {@code qualifiedName} exactly as in
   * {@code golden/<directory>/<qualifiedName>.java}, or rewrites that file if asked to.
   */
  static void assertGenerated(Compilation compilation, String directory, String qualifiedName) {
    String actual = compilation
        .generatedSourceFile(qualifiedName)
        .map(Golden::contents)
        .orElseThrow(() -> new AssertionError(qualifiedName + " was not generated; generated: "
            + compilation.generatedSourceFiles()));
    Path golden = ROOT.resolve(directory).resolve(qualifiedName + ".java");
    if (UPDATE) {
      write(golden, actual);
      return;
    }
    if (!Files.exists(golden)) {
      throw new AssertionError("no golden file " + golden.toAbsolutePath()
          + "; run with RECOUNT_UPDATE_GOLDEN=1 to create it");
    }
    assertThat(actual)
        .as("%s, compared with %s (RECOUNT_UPDATE_GOLDEN=1 rewrites it)", qualifiedName, golden)
        .isEqualTo(read(golden));
  }

  static String contents(JavaFileObject file) {
    try {
      return file.getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
