package dev.recount.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recount.CipherKeys;
import dev.recount.testing.DatabaseServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar cli/target/recount.jar}, as an operator runs it: a JVM of its own whose class
 * path is the jar alone. The store it audits was written in this JVM by {@link Ledger}, which the
 * jar does not hold, and encrypted with a key the jar is never given.
 */
class RecountJarIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path directory;

  /** What a run printed and how it ended. */
  private record Run(int exitCode, String out, String err) {
    JsonNode json() throws IOException {
      return JSON.readTree(out);
    }
  }

  @Test
  void auditsAStoreWhoseClassesAndKeyItHasNot() throws Exception {
    Path jar = Path.of(System.getProperty("recount.jar"));
    try (JarFile contents = new JarFile(jar.toFile())) {
      assertThat(Collections.list(contents.entries()))
          .noneMatch(entry -> entry.getName().startsWith("dev/recount/cli/Ledger"))
          .noneMatch(
              entry -> entry.getName().equals("META-INF/services/dev.recount.internal.Mutator"));
    }
    String url = "jdbc:h2:file:" + directory.resolve("store");
    DatabaseServer h2 = new DatabaseServer(DatabaseServer.Kind.H2, url, null, null);
    List<UUID> ids = Stores.write(h2, "ledgers_", 3, 4, 2, CipherKeys.generate());

    Run intact = run(jar, "audit", "--url", url, "--json");

    assertThat(intact.exitCode()).as(intact.err()).isZero();
    JsonNode report = intact.json();
    assertThat(report.get("result").asText()).isEqualTo("intact");
    JsonNode store = report.get("stores").get(0);
    assertThat(store.get("prefix").asText()).isEqualTo("ledgers_");
    assertThat(store.get("aggregates").asLong()).isEqualTo(3);
    assertThat(store.get("events").asLong()).isEqualTo(15);
    assertThat(store.get("snapshots").asLong()).isEqualTo(6);

    Stores.flipEventByte(h2, "ledgers_", ids.get(2), 4);
    Run corrupt = run(jar, "audit", "--url", url);

    assertThat(corrupt.exitCode()).as(corrupt.err()).isEqualTo(ExitCodes.CORRUPT);
    assertThat(corrupt.out())
        .contains("aggregate " + ids.get(2) + " version 4: the stored event does not match its"
            + " hash");

    Run help = run(jar, "--help");
    assertThat(help.exitCode()).isZero();
    assertThat(help.out()).contains("audit").contains("inspect").contains("keygen");
  }

  private Run run(Path jar, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    // Only what the command line says: a developer's DB_URI or CIPHER_KEY must not reach it.
    builder
        .environment()
        .keySet()
        .removeIf(key -> key.startsWith("DB_") || key.equals("CIPHER_KEY"));
    Path out = directory.resolve("out.txt");
    Path err = directory.resolve("err.txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("java -jar recount.jar " + String.join(" ", args)
          + " did not end within 60 s; stderr:\n" + Files.readString(err));
    }
    return new Run(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
