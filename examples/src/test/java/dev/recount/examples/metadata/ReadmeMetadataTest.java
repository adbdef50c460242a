package dev.recount.examples.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recount.Application;
import dev.recount.Metadata;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.log.Notification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's section on event metadata: its block runs here as printed. */
class ReadmeMetadataTest {

  @Test
  @SuppressWarnings("try") // the scope is only opened and closed
  void eventMetadata() {
    try (Application app = Application.builder().build()) {
      WorldRepository worlds = WorldRepository.of(app);
      World world = World.create();
      String requestId = "request-7";
      // README: from here
      try (Metadata.Scope scope = Metadata.scope(Metadata.empty()
          .withPrincipal("alice@example.com")
          .withCorrelationId(requestId)
          .withEntry("client", "web"))) {
        worlds.save(world); // its events store this metadata, encrypted and hashed with them
      }
      Notification created = app.log().select(1, 1).get(0);
      assertEquals("alice@example.com", created.metadata().principal());
      assertEquals("request-7", created.metadata().correlationId());
      // README: to here
    }
  }

  @Test
  void theReadmeShowsThisExampleVerbatim() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("## Event metadata");
    assertTrue(start >= 0, "README.md has no section on event metadata");
    int block = readme.indexOf("```java\n", start) + 8;
    String shown = readme.substring(block, readme.indexOf("```", block));
    String source = Files.readString(
        Path.of("src/test/java/dev/recount/examples/metadata/ReadmeMetadataTest.java"));
    String body = source.substring(
        source.indexOf("// README: from here") + 20, source.indexOf("// README: to here"));
    assertEquals(stripped(body), stripped(shown), "the README's block and this test's differ");
  }

  private static List<String> stripped(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
