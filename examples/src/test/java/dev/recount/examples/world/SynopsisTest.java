package dev.recount.examples.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.recount.AggregateNotFound;
import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.ConcurrencyError;
import dev.recount.RecordedEvent;
import dev.recount.StoredEvent;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLogReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's synopsis, run as it is printed there; a second test keeps the two the same. */
class SynopsisTest {

  @Test
  void synopsis() {
    // Generate a cipher key (keep it safe), and configure the application with it.
    String cipherKey = CipherKeys.generate();
    try (Application app = Application.builder().cipherKey(cipherKey).build()) {
      WorldRepository worlds = WorldRepository.of(app);

      // Create a new aggregate: not yet in the repository.
      World world = World.create();
      assertFalse(worlds.contains(world.id()));

      // Execute commands, and see the state they changed.
      world.makeItSo("dinosaurs");
      world.makeItSo("trucks");
      assertEquals(List.of("dinosaurs", "trucks"), world.history());

      // Note the version at this stage, then execute another command.
      long version = world.version();
      world.makeItSo("internet");

      // Store the pending events: the aggregate is now in the repository.
      worlds.save(world);
      assertTrue(worlds.contains(world.id()));

      // Replay the stored events.
      World copy = worlds.get(world.id());
      assertEquals(List.of("dinosaurs", "trucks", "internet"), copy.history());

      // Verify the retrieved state, cryptographically.
      assertEquals(world.head(), copy.head());

      // Discard the aggregate: it is not found any more.
      world.discard();
      worlds.save(world);
      assertFalse(worlds.contains(world.id()));
      assertThrows(AggregateNotFound.class, () -> worlds.get(world.id()));

      // Get its historical state, at the version noted above.
      World old = worlds.get(world.id(), version);
      assertEquals(List.of("dinosaurs", "trucks"), old.history());

      // Optimistic concurrency control: no branches.
      old.makeItSo("future");
      assertThrows(ConcurrencyError.class, () -> worlds.save(old));

      // Check the hash chain of the stored events (every replay checks it too)...
      String lastHash = "";
      for (RecordedEvent event : app.events(world.id())) {
        assertEquals(lastHash, event.previousHash());
        lastHash = event.hash();
      }
      // ...and that it ends at the head we know: one trusted hash validates the whole history.
      assertEquals(world.head(), lastHash);
      app.verify(world.id(), world.head());

      // Check that the records are encrypted: no value is visible in the database.
      for (StoredEvent record : app.storedEvents(world.id())) {
        String stored = new String(record.state(), StandardCharsets.ISO_8859_1);
        for (String what : List.of("dinosaurs", "trucks", "internet")) {
          assertFalse(stored.contains(what));
        }
        assertEquals(world.id(), record.originatorId());
      }

      // Project the application's event notifications.
      NotificationLogReader reader = new NotificationLogReader(app.log());
      assertEquals(
          List.of(1L, 2L, 3L, 4L, 5L),
          reader.read().stream().map(Notification::id).toList());

      // Create two more aggregates; the reader returns only the new notifications.
      worlds.save(World.create());
      worlds.save(World.create());
      assertEquals(List.of(6L, 7L), reader.read().stream().map(Notification::id).toList());
    }
  }

  @Test
  void theReadmeShowsThisSynopsisVerbatim() throws IOException {
    Path readme = Path.of("..", "README.md");
    String source =
        Files.readString(Path.of("src/test/java/dev/recount/examples/world/SynopsisTest.java"));
    List<String> sourceLines = stripped(source);
    List<String> blocks = javaBlocks(Files.readString(readme));
    assertFalse(blocks.isEmpty(), "README.md has no ```java block");
    String synopsis = blocks.stream()
        .filter(block -> block.contains("WorldRepository.of(app)"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("README.md shows no synopsis"));
    List<String> expected = stripped(synopsis);
    assertTrue(
        String.join("\n", sourceLines).contains(String.join("\n", expected)),
        "the README synopsis differs from SynopsisTest.synopsis(); copy the test's body into it");
  }

  private static List<String> javaBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    int start = markdown.indexOf("```java\n");
    while (start >= 0) {
      int end = markdown.indexOf("```", start + 8);
      blocks.add(markdown.substring(start + 8, end));
      start = markdown.indexOf("```java\n", end + 3);
    }
    return blocks;
  }

  private static List<String> stripped(String text) {
    return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
