package dev.recount.examples.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.AggregateNotFound;
import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.DataIntegrityError;
import dev.recount.examples.testing.ApplicationEnvironment;
import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.testing.ChildJvm;
import dev.recount.testing.DatabaseServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The aggregate cache ({@code AGGREGATE_CACHE_SIZE}) on a real database, with saves from other
 * applications, threads and JVMs on the same aggregates: a cached get is never stale, never loses
 * an event, and always equals a full replay by an application without a cache.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
abstract class AggregateCacheContract {
  DatabaseServer server;
  String prefix;
  /** With a cache. */
  Application app;

  WorldRepository worlds;
  /** On the same tables, without a cache: what a full replay gives. */
  Application replaying;

  WorldRepository replayed;

  /** The database; other JVMs must be able to reach it too. */
  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    server = server().requireReachable();
    prefix = DatabaseServer.newPrefix("ex_cache");
    app = Application.builder().environment(environment()).build();
    worlds = WorldRepository.of(app);
    replaying = Application.builder()
        .environment(ApplicationEnvironment.of(server, prefix))
        .build();
    replayed = WorldRepository.of(replaying);
  }

  private Map<String, String> environment() {
    Map<String, String> environment =
        new LinkedHashMap<>(ApplicationEnvironment.of(server, prefix));
    environment.put("AGGREGATE_CACHE_SIZE", "100");
    return environment;
  }

  @AfterEach
  void close() {
    for (Application application : new Application[] {app, replaying}) {
      if (application != null) {
        application.close();
      }
    }
    if (prefix != null) {
      server.drop(prefix);
    }
  }

  private World savedWorld(String... whats) {
    World world = World.create();
    for (String what : whats) {
      world.makeItSo(what);
    }
    worlds.save(world);
    return world;
  }

  @Test
  void everyGetIsANewCopyThatNoCallerShares() {
    World saved = savedWorld("dinosaurs");

    World one = worlds.get(saved.id());
    World two = worlds.get(saved.id());
    one.makeItSo("trucks"); // changed, never saved

    assertThat(one).isNotSameAs(two).isNotSameAs(saved);
    assertThat(two.history()).containsExactly("dinosaurs");
    assertThat(worlds.get(saved.id()).history()).containsExactly("dinosaurs");
    assertThat(worlds.get(saved.id()).pendingEvents()).isEmpty();
    saved.makeItSo("internet"); // the saved instance too is the caller's, not the cache's
    assertThat(worlds.get(saved.id()).history()).containsExactly("dinosaurs");
  }

  @Test
  void aCachedGetAppliesWhatAnotherApplicationStoredSince() {
    World world = savedWorld("dinosaurs");
    worlds.get(world.id()); // cached at version 2

    World elsewhere = replayed.get(world.id());
    elsewhere.makeItSo("trucks");
    elsewhere.makeItSo("internet");
    replayed.save(elsewhere);

    World cached = worlds.get(world.id());
    assertThat(cached.history()).containsExactly("dinosaurs", "trucks", "internet");
    assertThat(cached.version()).isEqualTo(4);
    assertThat(cached.head()).isEqualTo(elsewhere.head());
    assertThat(cached.createdOn()).isEqualTo(replayed.get(world.id()).createdOn());
    assertThat(cached.modifiedOn()).isEqualTo(elsewhere.modifiedOn());
    // Saving onto the cached copy continues the chain that the other application stored.
    cached.makeItSo("moon");
    worlds.save(cached);
    app.verify(world.id(), cached.head());
    assertThat(replayed.get(world.id()).history())
        .containsExactly("dinosaurs", "trucks", "internet", "moon");
  }

  @Test
  void aStaleSaveLosesAndTheNextGetHasTheWinnersEvents() {
    World world = savedWorld("dinosaurs");
    World stale = worlds.get(world.id());
    World winner = replayed.get(world.id());
    winner.makeItSo("trucks");
    replayed.save(winner);

    stale.makeItSo("internet");
    assertThatThrownBy(() -> worlds.save(stale)).isInstanceOf(ConcurrencyError.class);

    World fresh = worlds.get(world.id());
    assertThat(fresh.history()).containsExactly("dinosaurs", "trucks");
    assertThat(fresh.head()).isEqualTo(winner.head());
  }

  @Test
  void anEventAlteredAfterTheCachedVersionIsDetected() {
    World world = savedWorld("dinosaurs");
    worlds.get(world.id());
    World elsewhere = replayed.get(world.id());
    elsewhere.makeItSo("trucks");
    replayed.save(elsewhere);
    server.execute("UPDATE " + server.quote(prefix + "events") + " SET "
        + server.quote("timestamp_us") + " = " + server.quote("timestamp_us") + " + 1 WHERE "
        + server.quote("originator_version") + " = 3");

    assertThatThrownBy(() -> worlds.get(world.id()))
        .isInstanceOf(DataIntegrityError.class)
        .hasMessageContaining("version 3");
  }

  @Test
  void aWorldDiscardedElsewhereIsNotFoundThoughCached() {
    World world = savedWorld("dinosaurs");
    worlds.get(world.id());
    World elsewhere = replayed.get(world.id());
    elsewhere.discard();
    replayed.save(elsewhere);

    assertThatThrownBy(() -> worlds.get(world.id())).isInstanceOf(AggregateNotFound.class);
    assertThat(worlds.find(world.id())).isEmpty();
    assertThat(worlds.get(world.id(), 2).history()).containsExactly("dinosaurs");
  }

  @Test
  void eightThreadsWritingTheSameWorldsNeverSeeStaleStateOrLoseAnEvent() throws Exception {
    List<UUID> ids = List.of(savedWorld().id(), savedWorld().id());
    int threads = 8;
    int events = 24;

    CachedWriters.Outcome outcome =
        CachedWriters.run(worlds, ids, "t", threads, events, new CountDownLatch(0));

    assertThat(outcome.saves()).isEqualTo(threads * events);
    assertEveryEventStoredOnce(ids, expected("t", threads, events, ids.size()));
  }

  @Test
  void twoJvmsAndThisOneWritingTheSameWorldsNeverSeeStaleStateOrLoseAnEvent() throws Exception {
    List<UUID> ids = List.of(savedWorld().id(), savedWorld().id());
    int threads = 4;
    int events = 16;
    List<String> args =
        new ArrayList<>(List.of(Integer.toString(threads), Integer.toString(events)));
    ids.forEach(id -> args.add(id.toString()));
    try (ChildJvm one = child("a", args);
        ChildJvm two = child("b", args)) {
      for (ChildJvm child : List.of(one, two)) {
        assertThat(child.expectLine(Duration.ofSeconds(120))).isEqualTo("ready");
      }
      one.send("go");
      two.send("go");
      CachedWriters.Outcome here =
          CachedWriters.run(worlds, ids, "c", threads, events, new CountDownLatch(0));
      int conflicts = here.conflicts();
      for (ChildJvm child : List.of(one, two)) {
        String done = child.expectLine(Duration.ofSeconds(120));
        assertThat(done).as(child.stderr()).startsWith("done " + threads * events + " ");
        conflicts += Integer.parseInt(done.substring(done.lastIndexOf(' ') + 1));
        assertThat(child.awaitExit(Duration.ofSeconds(20))).as(child.stderr()).isZero();
      }
      Set<String> expected = new HashSet<>();
      for (String name : List.of("a", "b", "c")) {
        expected.addAll(expected(name, threads, events, ids.size()));
      }
      assertEveryEventStoredOnce(ids, expected);
      // The race was real: saves collided, and the losers loaded again from their cache.
      assertThat(conflicts).isPositive();
    }
  }

  private ChildJvm child(String name, List<String> args) {
    List<String> all = new ArrayList<>(List.of(name));
    all.addAll(args);
    return ApplicationEnvironment.startJvm(
        "cached-writer-" + name,
        environment(),
        CachedWriters.class.getName(),
        all.toArray(String[]::new));
  }

  /** What writers {@code name-0..threads-1} add, each {@code name-t-i} once. */
  private static Set<String> expected(String name, int threads, int events, int worlds) {
    Set<String> whats = new HashSet<>();
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < events; i++) {
        whats.add(name + "-" + t + "-" + i);
      }
    }
    return whats;
  }

  /**
   * Every event the writers saved is stored exactly once, in the world it was written to, and the
   * cached get of each world equals its full replay by an application without a cache.
   */
  private void assertEveryEventStoredOnce(List<UUID> ids, Set<String> expected) {
    List<String> stored = new ArrayList<>();
    for (UUID id : ids) {
      World full = replayed.get(id);
      World cached = worlds.get(id);
      assertThat(cached.history()).isEqualTo(full.history());
      assertThat(cached.version()).isEqualTo(full.version());
      assertThat(cached.head()).isEqualTo(full.head());
      assertThat(cached.modifiedOn()).isEqualTo(full.modifiedOn());
      app.verify(id, full.head());
      stored.addAll(full.history());
    }
    assertThat(stored).hasSize(expected.size());
    assertThat(new HashSet<>(stored)).isEqualTo(expected);
  }
}
