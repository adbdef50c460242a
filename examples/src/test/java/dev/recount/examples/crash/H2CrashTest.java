package dev.recount.examples.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Atomicity across a crash on the embedded default, an H2 file database: a writer JVM making
 * concurrent transfers (group commit batches) and single saves is killed with SIGKILL at a random
 * moment, again and again, and after each kill the database must hold whole saves only, with
 * every key unique and versions and notification ids without gaps ({@link KillLoop}). Bounded:
 * at most 12 kills or 45 seconds, whichever comes first.
 *
 * <p>Four accounts and eight transfer threads: most batches hold conflicting saves, the workload
 * after which H2 2.3.232 left broken files about once in 60 kills (docs/DATABASES.md). So with
 * H2 2.3.232 this test fails in roughly one run in six to ten, on that known H2 fault; it will
 * fail in most runs if something breaks atomicity more often. Run {@link KillLoop#main} for
 * hundreds of kills.
 */
class H2CrashTest {
  @TempDir
  Path directory;

  @Test
  // H2 2.5.252 has hung, spinning, opening a killed file: give up on a thread of its own.
  @Timeout(value = 3, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void aWriterKilledMidSaveLeavesOnlyWholeSaves() throws Exception {
    long seed = Long.getLong("seed", System.nanoTime());
    KillLoop.Outcome outcome = KillLoop.round(directory,
        new KillLoop.Settings(4, 8, 2, "", 12, Duration.ofSeconds(45), 1000),
        new Random(seed), false);

    assertThat(outcome.violations())
        .as("invariants after kill %d of %s (seed %d)", outcome.kills(), outcome.url(), seed)
        .isEmpty();
    assertThat(outcome.kills()).as("kills").isPositive();
    assertThat(outcome.events()).as("events stored").isPositive();
  }
}
