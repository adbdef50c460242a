package dev.recount.examples.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.examples.world.World;
import dev.recount.examples.world.WorldRepository;
import dev.recount.process.LeasedFollower;
import dev.recount.process.ProcessApplication;
import dev.recount.testing.DatabaseServer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follower split into two segments by a {@link LeasedFollower}, one segment held back by its
 * policy while the other runs ahead: the follower's position and {@code hasProcessed} must account
 * for both segments, not for the one furthest ahead. Subclasses name the database.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SegmentedPositionContract {
  private static final int SEGMENTS = 2;

  private SourceAndMirror apps;
  private final CountDownLatch release = new CountDownLatch(1);
  private final CountDownLatch blocked = new CountDownLatch(1);
  private final CountDownLatch aheadDone = new CountDownLatch(1);

  abstract DatabaseServer server();

  @BeforeEach
  void open() {
    apps = new SourceAndMirror(server(), "ex_segpos");
  }

  @AfterEach
  void close() {
    release.countDown();
    if (apps != null) {
      apps.close();
    }
  }

  @Test
  void aSegmentBehindHoldsBackThePositionAndHasProcessed() throws Exception {
    WorldRepository worlds = WorldRepository.of(apps.source());
    World behind = worldIn(1);
    behind.makeItSo("block");
    long blockedAt = worlds.save(behind); // 1 created, 2 block: segment 1
    World ahead = worldIn(0);
    ahead.makeItSo("one");
    ahead.makeItSo("last");
    long last = worlds.save(ahead); // 3 created, 4 one, 5 last: segment 0
    assertThat(blockedAt).isEqualTo(2);
    assertThat(last).isEqualTo(5);

    ProcessApplication process = apps.mirrorOfSource()
        .policy((notification, unit) -> {
          if (notification.event() instanceof World.SomethingHappened happened) {
            if (happened.what().equals("block")) {
              blocked.countDown();
              await(release);
            } else if (happened.what().equals("last")) {
              aheadDone.countDown();
            }
          }
        })
        .build();
    apps.start(SourceAndMirror.leased(process, SEGMENTS).pollInterval(Duration.ofMillis(20)));
    assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(aheadDone.await(20, TimeUnit.SECONDS)).isTrue();
    // Segment 0 has processed up to 5 (the largest id tracked under the plain name), segment 1 is
    // stuck on 2, with 1 processed.
    awaitPlainTracked(last);
    awaitProcessedBy(process, 1);
    assertThat(process.position("source")).isEqualTo(1);
    assertThat(process.hasProcessed("source", 1)).isTrue();
    assertThat(process.hasProcessed("source", 2)).isFalse();
    assertThat(process.hasProcessed("source", last)).isFalse();
    assertThat(process.awaitProcessed("source", last, Duration.ofMillis(300))).isFalse();

    release.countDown();
    assertThat(process.awaitProcessed("source", last, Duration.ofSeconds(20))).isTrue();
    assertThat(process.hasProcessed("source", 2)).isTrue();
    // the low-water mark: segment 1's last notification; segment 0 is at 5
    assertThat(process.position("source")).isEqualTo(2);
  }

  @Test
  void aNotificationTrackedBeforeTheSegmentationCountsAsProcessed() throws Exception {
    WorldRepository worlds = WorldRepository.of(apps.source());
    World first = worldIn(1);
    first.makeItSo("early");
    worlds.save(first); // 1, 2: segment 1
    ProcessApplication process = apps.mirrorOfSource()
        .policy((notification, unit) -> {
          if (notification.event() instanceof World.SomethingHappened happened
              && happened.what().equals("block")) {
            blocked.countDown();
            await(release);
          }
        })
        .build();
    // An unsegmented pull first: tracked under the plain name only.
    assertThat(process.pull()).isEqualTo(2);
    World second = worldIn(0);
    second.makeItSo("block");
    long last = worlds.save(second); // 3, 4: segment 0, which blocks on 4
    apps.start(SourceAndMirror.leased(process, SEGMENTS).pollInterval(Duration.ofMillis(20)));
    assertThat(blocked.await(20, TimeUnit.SECONDS)).isTrue();
    awaitProcessedBy(process, 2);
    // Segment 1 has no row of its own (1 and 2 were processed before the split, and it skips
    // them), segment 0 is at 3: 1 and 2 count as processed through their plain tracking rows.
    assertThat(process.position("source")).isEqualTo(0);
    assertThat(process.hasProcessed("source", 3)).isTrue();
    assertThat(process.hasProcessed("source", last)).isFalse();
    release.countDown();
    assertThat(process.awaitProcessed("source", last, Duration.ofSeconds(20))).isTrue();
  }

  /** A new world whose id is in {@code segment}. */
  private static World worldIn(int segment) {
    while (true) {
      World world = World.create();
      if (LeasedFollower.segmentOf(world.id(), SEGMENTS) == segment) {
        return world;
      }
    }
  }

  /** Waits until the largest id tracked under the plain upstream name is {@code id}. */
  private void awaitPlainTracked(long id) throws Exception {
    DatabaseServer server = apps.server();
    String sql = "SELECT COALESCE(MAX(" + server.quote("notification_id") + "), 0) FROM "
        + server.quote(apps.prefix() + "mirror_tracking") + " WHERE "
        + server.quote("upstream_name") + " = 'source'";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.queryLong(sql) != id) {
      assertThat(System.nanoTime()).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private static void awaitProcessedBy(ProcessApplication process, long position)
      throws InterruptedException {
    assertThat(process.awaitProcessed("source", position, Duration.ofSeconds(20)))
        .isTrue();
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
