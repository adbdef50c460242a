package dev.recount.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.annotation.processing.Processor;
import javax.tools.JavaFileObject;

/**
 * The javac that every processor test uses: both of our processors, Java 17 as the target (so that
 * generated code is checked against 17 even when the tests run on a newer JDK), and the lint
 * warnings our own build uses (all but "no processor claimed these annotations"), so that "compiles
 * without warnings" means something.
 */
final class Compilations {
  private static final List<String> OPTIONS = List.of("--release", "17", "-Xlint:all,-processing");

  private Compilations() {}

  /**
   * Asserts that {@code compilation} failed with exactly one error, containing {@code message}, on
   * the line of {@code file} that contains {@code line}: the shape of every misuse test.
   */
  static void assertOneError(
      Compilation compilation, String message, JavaFileObject file, String line) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }

  /** Compiles {@code sources} with the processors, against the test class path. */
  static Compilation compile(JavaFileObject... sources) {
    return javac().compile(sources);
  }

  /** Compiles {@code sources} with the processors and {@code -Aoption} arguments. */
  static Compilation compileWithOptions(List<String> options, JavaFileObject... sources) {
    return javac().withOptions(concat(OPTIONS, options)).compile(sources);
  }

  /** Compiles {@code sources} with {@code -Aoption} arguments, {@code extra} on the class path. */
  static Compilation compileWithOptions(
      List<String> options, File extra, JavaFileObject... sources) {
    List<File> classpath = new ArrayList<>();
    classpath.add(extra);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return javac()
        .withOptions(concat(OPTIONS, options))
        .withClasspath(classpath)
        .compile(sources);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  /** Compiles {@code sources} with the processors, {@code extra} first on the class path. */
  static Compilation compileWithClasspath(File extra, JavaFileObject... sources) {
    List<File> classpath = new ArrayList<>();
    classpath.add(extra);
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    return javac().withClasspath(classpath).compile(sources);
  }

  /** Compiles {@code sources} as a library compiled without Recount's processor would be. */
  static Compilation compileWithoutProcessors(JavaFileObject... sources) {
    return Compiler.javac().withOptions("--release", "17", "-proc:none").compile(sources);
  }

  /** Compiles {@code sources} with our processors running after {@code first}. */
  static Compilation compileAfter(Processor first, JavaFileObject... sources) {
    return Compiler.javac()
        .withProcessors(first, new RecountProcessor(), new MutatorRegistryProcessor())
        .withOptions(OPTIONS)
        .compile(sources);
  }

  private static Compiler javac() {
    return Compiler.javac()
        .withProcessors(new RecountProcessor(), new MutatorRegistryProcessor())
        .withOptions(OPTIONS);
  }
}
