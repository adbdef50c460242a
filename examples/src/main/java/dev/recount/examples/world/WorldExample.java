package dev.recount.examples.world;

import dev.recount.Application;
import dev.recount.ConcurrencyError;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The World synopsis as a program: finds the well-known world (or creates it), makes three things
 * so, saves, reads back and shows the history, an old version and a refused stale save. Against a
 * file database, each run continues the history of the one before.
 */
public final class WorldExample {
  /** The same world on every run, so that a second run finds what the first stored. */
  static final UUID WORLD_ID =
      UUID.nameUUIDFromBytes("recount.examples.world".getBytes(StandardCharsets.UTF_8));

  private WorldExample() {}

  public static void run(Map<String, String> environment, PrintStream out) {
    try (Application app = Application.builder().environment(environment).build()) {
      WorldRepository worlds = WorldRepository.of(app);
      World world = worlds.find(WORLD_ID).orElse(null);
      if (world == null) {
        world = World.create(WORLD_ID);
        out.println("created world " + world.id());
      } else {
        out.println("found world " + world.id() + " at version " + world.version()
            + " with history " + world.history());
      }
      long before = world.version();
      world.makeItSo("dinosaurs");
      world.makeItSo("trucks");
      world.makeItSo("internet");
      worlds.save(world);
      out.println("saved version " + world.version() + ", head " + world.head());

      World copy = worlds.get(WORLD_ID);
      out.println("replayed history " + copy.history() + " (head matches: "
          + copy.head().equals(world.head()) + ")");

      World old = worlds.get(WORLD_ID, before + 2);
      out.println("at version " + old.version() + " the history was " + old.history());

      old.makeItSo("future");
      try {
        worlds.save(old);
        out.println("a stale save was accepted: this is a bug");
      } catch (ConcurrencyError e) {
        out.println("stale save refused: " + e.getMessage());
      }
      out.println("events stored "
          + (app.storedEvents(WORLD_ID).get(0).state()[0] < 0
              ? "encrypted (CIPHER_KEY is set)"
              : "in plain JSON (set CIPHER_KEY to encrypt)"));
    }
  }
}
