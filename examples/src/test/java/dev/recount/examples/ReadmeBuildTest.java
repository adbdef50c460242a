package dev.recount.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's "Use it in your build" pom, as printed there, builds a fresh project offline: a new
 * user's first contact cannot rot. The project holds the World aggregate of the synopsis; the build
 * finds Recount's artifacts as this reactor built them and everything else in the local Maven
 * repository, and must compile the aggregate with the processor running.
 *
 * <p>It needs the jars of the reactor's annotations, processor and runtime, which {@code mvn
 * verify} (the README's test command) has built by the time this module's tests run; a build that
 * stops before {@code package} (such as {@code mvn test}) skips it, except under {@code CI=true}.
 */
class ReadmeBuildTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final String VERSION = System.getProperty("recount.version", "0.1.0-SNAPSHOT");

  @TempDir
  Path work;

  @Test
  void theReadmesPomBuildsAFreshProjectWithTheProcessorRunning() throws Exception {
    String pom = readmePom();
    assertThat(pom)
        .contains("<recount.version>" + VERSION + "</recount.version>")
        .contains("<version>" + System.getProperty("postgresql.version") + "</version>");
    assertThat(Files.readString(ROOT.resolve("README.md")))
        .contains("mariadb-java-client " + System.getProperty("mariadb.version"));

    Path repository = localRepository();
    Path project = work.resolve("worlds");
    Path source = Path.of("src/main/java/dev/recount/examples/world/World.java");
    Files.createDirectories(project.resolve(source).getParent());
    Files.copy(source, project.resolve(source));
    Files.writeString(project.resolve("pom.xml"), pom);

    Path maven = Path.of(System.getProperty("maven.home"), "bin", "mvn");
    Process build = new ProcessBuilder(
            maven.toString(), "-B", "-o", "-q", "-Dmaven.repo.local=" + repository, "compile")
        .directory(project.toFile())
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("build.log").toFile())
        .start();
    if (!build.waitFor(4, TimeUnit.MINUTES)) {
      build.destroyForcibly();
      fail("the README's build did not end in 4 minutes:\n" + log());
    }
    assertThat(build.exitValue()).as("the README's build failed:\n%s", log()).isZero();
    Path generated =
        project.resolve("target/generated-sources/annotations/dev/recount/examples/world");
    assertThat(generated.resolve("WorldRepository.java")).exists();
    assertThat(generated.resolve("World_Mutator.java")).exists();
    assertThat(project.resolve("target/classes/dev/recount/examples/world/WorldRepository.class"))
        .exists();
    assertThat(project.resolve("target/classes/META-INF/services/dev.recount.internal.Mutator"))
        .content(StandardCharsets.UTF_8)
        .contains("dev.recount.examples.world.World_Mutator");
  }

  private String log() throws IOException {
    return Files.readString(work.resolve("build.log"));
  }

  /** The first xml block of the README's "Use it in your build" section. */
  private static String readmePom() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"));
    int section = readme.indexOf("## Use it in your build");
    assertThat(section).as("the README's 'Use it in your build' section").isNotNegative();
    Matcher block = Pattern.compile("```xml\n(.*?)```", Pattern.DOTALL).matcher(readme);
    assertThat(block.find(section)).as("an xml block in 'Use it in your build'").isTrue();
    return block.group(1);
  }

  /**
   * A local repository for the nested build: Recount's artifacts as this reactor built them (as
   * {@code mvn install} would lay them out), and every other entry of the user's local repository
   * linked, not copied.
   */
  private Path localRepository() throws IOException {
    List<String> modules = List.of("annotations", "processor", "runtime");
    for (String module : modules) {
      Path jar = ROOT.resolve(module).resolve("target/recount-" + module + "-" + VERSION + ".jar");
      if (!Files.exists(jar)) {
        String message = jar + " is not built: run 'mvn verify' (the README's test command),"
            + " which packages the modules before this one's tests run";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
          fail("CI=true, so the README's build must be checked: " + message);
        }
        Assumptions.abort(message);
      }
    }
    Path user = Path.of(System.getProperty(
        "maven.repo.local", System.getProperty("user.home") + "/.m2/repository"));
    Path repository = work.resolve("repository");
    link(user, repository, "dev");
    link(user.resolve("dev"), repository.resolve("dev"), "recount");
    Path recount = repository.resolve("dev/recount");
    install(ROOT.resolve("pom.xml"), null, recount, "recount-parent");
    for (String module : modules) {
      Path target = ROOT.resolve(module).resolve("target");
      install(
          ROOT.resolve(module).resolve("pom.xml"),
          target.resolve("recount-" + module + "-" + VERSION + ".jar"),
          recount,
          "recount-" + module);
    }
    return repository;
  }

  /** Links every entry of {@code from} into {@code to}, except {@code except}. */
  private static void link(Path from, Path to, String except) throws IOException {
    Files.createDirectories(to);
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        if (!entry.getFileName().toString().equals(except)) {
          Files.createSymbolicLink(to.resolve(entry.getFileName()), entry);
        }
      }
    }
  }

  private static void install(Path pom, Path jar, Path group, String artifact) throws IOException {
    Path directory = group.resolve(artifact).resolve(VERSION);
    Files.createDirectories(directory);
    Files.copy(pom, directory.resolve(artifact + "-" + VERSION + ".pom"));
    if (jar != null) {
      Files.copy(jar, directory.resolve(artifact + "-" + VERSION + ".jar"));
    }
  }
}
