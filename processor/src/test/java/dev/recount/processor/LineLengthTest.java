package dev.recount.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * No generated line is longer than {@value SourceWriter#COLUMNS} columns: not in the goldens, and
 * not in what the processor generates for the examples' aggregates (their sources, read from the
 * examples module next to this one).
 */
class LineLengthTest {
  private static final Path EXAMPLES = Path.of("../examples/src");
  /**
   * Sources that need more than the runtime (a database driver, other examples, the testing module)
   * are left out.
   */
  private static final Pattern OTHER_IMPORTS =
      Pattern.compile("(?m)^import (?!java\\.|dev\\.recount\\.(?!examples|testing))");

  @Test
  void goldenLinesFit() throws IOException {
    List<String> tooLong = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Golden.ROOT)) {
      for (Path file : (Iterable<Path>) files.filter(LineLengthTest::isGolden)::iterator) {
        tooLong.addAll(tooLong(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
      }
    }
    assertThat(tooLong).as("golden lines over %s columns", SourceWriter.COLUMNS).isEmpty();
  }

  @Test
  void linesGeneratedForTheExamplesFit() throws IOException {
    assumeTrue(Files.isDirectory(EXAMPLES), "the examples module is not next to this one");
    // By package: the schema evolution example has a version of one class in each of several.
    Map<Path, List<JavaFileObject>> packages = new TreeMap<>();
    Set<Path> withAggregates = new HashSet<>();
    try (Stream<Path> files = Files.walk(EXAMPLES)) {
      for (Path file :
          (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String source = Files.readString(file, StandardCharsets.UTF_8);
        if (!OTHER_IMPORTS.matcher(source).find()) {
          packages
              .computeIfAbsent(file.getParent(), directory -> new ArrayList<>())
              .add(JavaFileObjects.forResource(file.toUri().toURL()));
          if (source.contains("@Aggregate")) {
            withAggregates.add(file.getParent());
          }
        }
      }
    }
    assertThat(withAggregates).as("packages with example aggregates").isNotEmpty();
    List<String> tooLong = new ArrayList<>();
    for (Path directory : withAggregates) {
      Compilation compilation =
          Compilations.compile(packages.get(directory).toArray(JavaFileObject[]::new));
      assertThat(compilation.status())
          .as("%s compiles: %s", directory, compilation.diagnostics())
          .isEqualTo(Compilation.Status.SUCCESS);
      for (JavaFileObject generated : compilation.generatedSourceFiles()) {
        tooLong.addAll(tooLong(generated.getName(), Golden.contents(generated)));
      }
    }
    assertThat(tooLong)
        .as("generated lines over %s columns", SourceWriter.COLUMNS)
        .isEmpty();
  }

  private static boolean isGolden(Path file) {
    return file.toString().endsWith(".java") && !file.toString().contains("/input/");
  }

  private static List<String> tooLong(String name, String source) {
    List<String> tooLong = new ArrayList<>();
    String[] lines = source.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].length() > SourceWriter.COLUMNS) {
        tooLong.add(name + ":" + (i + 1) + " (" + lines[i].length() + "): " + lines[i].strip());
      }
    }
    return tooLong;
  }
}
