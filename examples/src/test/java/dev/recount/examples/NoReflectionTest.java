package dev.recount.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's main code, recount-test's fixtures and every generated source must work without
 * reflection: no java.lang.reflect, no Class.forName, no getDeclared*, no setAccessible.
 */
class NoReflectionTest {
  private static final Pattern REFLECTION = Pattern.compile(
      "java\\.lang\\.reflect|Class\\.forName|\\.forName\\(|getDeclared(Method|Field|Constructor)"
          + "|getMethod\\((?!\\))|getMethods\\(|getField\\((?!\\))|getFields\\("
          + "|setAccessible|MethodHandles|\\.newInstance\\(\\)\\s*;?\\s*//"
          + "|getConstructor\\(");

  @Test
  void theRuntimeUsesNoReflection() {
    List<Path> sources = javaFiles(Path.of("..", "runtime", "src", "main", "java"));
    assertThat(sources).hasSizeGreaterThan(20);
    assertThat(offenders(sources)).isEmpty();
  }

  @Test
  void theTestFixturesUseNoReflection() {
    List<Path> sources = javaFiles(Path.of("..", "test-support", "src", "main", "java"));
    assertThat(sources).anyMatch(path -> path.endsWith("AggregateFixture.java"));
    assertThat(offenders(sources)).isEmpty();
  }

  @Test
  void theSpringBootStarterUsesNoReflection() {
    List<Path> sources = javaFiles(Path.of("..", "spring-boot-starter", "src", "main", "java"));
    assertThat(sources).anyMatch(path -> path.endsWith("RepositoryBeans.java"));
    assertThat(offenders(sources)).isEmpty();
  }

  @Test
  void generatedSourcesUseNoReflection() {
    List<Path> generated = Stream.of(
            Path.of("target", "generated-sources", "annotations"),
            Path.of("target", "generated-test-sources", "test-annotations"))
        .flatMap(root -> javaFiles(root).stream())
        .toList();
    assertThat(generated)
        .as("generated sources (was the processor run?)")
        .anyMatch(path -> path.endsWith("World_Mutator.java"))
        .anyMatch(path -> path.endsWith("KitchenSink_Everything_Codec.java"));
    assertThat(offenders(generated)).isEmpty();
  }

  @Test
  void thePatternCatchesReflection() {
    assertThat(REFLECTION.matcher("import java.lang.reflect.Field;").find()).isTrue();
    assertThat(REFLECTION.matcher("Class.forName(\"x\")").find()).isTrue();
    assertThat(REFLECTION.matcher("type.getDeclaredFields()").find()).isTrue();
    assertThat(REFLECTION.matcher("field.setAccessible(true)").find()).isTrue();
    assertThat(REFLECTION.matcher("type.getMethod(\"apply\", Object.class)").find())
        .isTrue();
    assertThat(REFLECTION.matcher("return new World();").find()).isFalse();
    // An HTTP request's method is not reflection.
    assertThat(REFLECTION.matcher("request.getMethod()").find()).isFalse();
  }

  private static List<String> offenders(List<Path> sources) {
    return sources.stream()
        .filter(NoReflectionTest::usesReflection)
        .map(Path::toString)
        .toList();
  }

  private static boolean usesReflection(Path source) {
    try {
      return REFLECTION.matcher(Files.readString(source)).find();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> javaFiles(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(path -> path.toString().endsWith(".java")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
