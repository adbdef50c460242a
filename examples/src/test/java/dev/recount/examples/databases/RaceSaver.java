package dev.recount.examples.databases;

import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One of the JVMs of {@link SameAggregateRaceContract}, configured by its environment like any
 * application. Commands on stdin: {@code load <id>} (prints {@code loaded <version>}), {@code save}
 * (adds an event to the loaded world and saves it; prints {@code won <version>} or {@code lost}),
 * {@code quit}.
 */
public final class RaceSaver {
  private RaceSaver() {}

  public static void main(String[] args) throws Exception {
    String me = args[0];
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Application app = Application.fromEnvironment()) {
      WorldRepository worlds = WorldRepository.of(app);
      System.out.println("ready");
      World world = null;
      String line;
      while ((line = stdin.readLine()) != null && !line.equals("quit")) {
        if (line.startsWith("load ")) {
          world = worlds.get(UUID.fromString(line.substring(5)));
          System.out.println("loaded " + world.version());
        } else if (line.equals("save")) {
          world.makeItSo(me + "@" + world.version());
          try {
            worlds.save(world);
            System.out.println("won " + world.version());
          } catch (ConcurrencyError e) {
            System.out.println("lost");
          }
        }
      }
    }
    System.exit(0);
  }
}
