package dev.recount.examples.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.CipherKeys;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.http.NotificationLogServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A follower in another JVM reads the whole log over HTTP while the application writes. */
class RemoteFollowerProcessTest {

  @Test
  void aFollowerInAnotherJvmSeesEveryEventInOrder() throws Exception {
    String key = CipherKeys.generate();
    try (Application app = Application.builder().cipherKey(key).build();
        NotificationLogServer server =
            NotificationLogServer.start(app, new InetSocketAddress("127.0.0.1", 0))) {
      WorldRepository worlds = WorldRepository.of(app);
      Process follower = new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-cp",
              System.getProperty("java.class.path"),
              RemoteFollower.class.getName(),
              server.uri().toString(),
              key,
              "60")
          .redirectErrorStream(true)
          .start();
      try {
        for (int i = 0; i < 30; i++) {
          World world = World.create();
          world.makeItSo("thing " + i);
          worlds.save(world);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = out.readLine()) != null) {
            lines.add(line);
          }
        }
        assertThat(follower.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(follower.exitValue()).as(String.join("\n", lines)).isZero();
        assertThat(lines).hasSize(60);
        for (int i = 0; i < 60; i++) {
          assertThat(lines.get(i)).startsWith((i + 1) + " ");
        }
        assertThat(lines.get(59)).isEqualTo("60 2 SomethingHappened[what=thing 29]");
      } finally {
        follower.destroyForcibly();
      }
    }
  }
}
