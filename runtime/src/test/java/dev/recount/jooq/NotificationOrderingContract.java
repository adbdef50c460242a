package dev.recount.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.StoredEvent;
import dev.recount.internal.Recorder;
import dev.recount.testing.ChildJvm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Gap-safe notification order with writers in separate JVMs: several processes save at once (and
 * some saves fail and roll back) while a follower in this JVM reads the log from the last id it
 * saw. It must see every stored event exactly once, in the log's order, ids only increasing.
 *
 * <p>Subclasses name the database, and may make commits slow (a trigger that sleeps) to widen the
 * window in which a save has its ids but has not committed: exactly where a follower of a naive log
 * would skip.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
abstract class NotificationOrderingContract {
  static final int WRITERS = 3;
  static final int SAVES = 70;

  abstract TestDatabase database();

  /** Makes commits (or inserts) of the events table slower, if the database can; may do nothing. */
  abstract void slowDownWrites(TestDatabase db, String prefix);

  @Test
  void aFollowerSeesEveryEventOfWriterProcessesOnceInOrder() throws Exception {
    TestDatabase db = database().requireReachable();
    String prefix = TestDatabase.newPrefix("order");
    List<ChildJvm> writers = new ArrayList<>();
    try {
      for (int w = 0; w < WRITERS; w++) {
        writers.add(ChildJvm.start(
            "writer-" + w,
            OrderingWriter.class.getName(),
            db.url,
            db.user == null ? "-" : db.user,
            db.password == null ? "-" : db.password,
            prefix,
            Integer.toString(SAVES),
            Integer.toString(w)));
      }
      // The writers created the tables, all at once; now they wait for "go".
      for (ChildJvm writer : writers) {
        assertThat(writer.expectLine(Duration.ofSeconds(60))).isEqualTo("ready");
      }
      slowDownWrites(db, prefix);
      try (Recorder follower = Recorders.open(db.url, db.user, db.password, prefix, false, 2)) {
        for (ChildJvm writer : writers) {
          writer.send("go");
        }
        List<StoredEvent> followed = new ArrayList<>();
        long last = 0;
        int running = WRITERS;
        boolean[] done = new boolean[WRITERS];
        long stored = 0;
        long reads = 0;
        long deadline = Long.MAX_VALUE;
        // Until every writer has said how much it stored, and the follower has seen as much (or
        // 30 s more have passed: a transaction elsewhere on a shared server may delay the end).
        while (running > 0 || followed.size() < stored) {
          if (running == 0 && deadline == Long.MAX_VALUE) {
            deadline = System.nanoTime() + 30_000_000_000L;
          }
          if (System.nanoTime() > deadline) {
            break;
          }
          List<StoredEvent> page = follower.notifications(last + 1, 5, Set.of());
          reads++;
          for (StoredEvent event : page) {
            assertThat(event.notificationId()).as("the id after %d", last).isGreaterThan(last);
            last = event.notificationId();
            followed.add(event);
          }
          for (int w = 0; w < WRITERS; w++) {
            if (!done[w] && writers.get(w).hasLine()) {
              String line = writers.get(w).expectLine(Duration.ofSeconds(1));
              assertThat(line).startsWith("done ");
              stored += Long.parseLong(line.substring(5));
              done[w] = true;
              running--;
            }
          }
        }
        for (ChildJvm writer : writers) {
          assertThat(writer.awaitExit(Duration.ofSeconds(30)))
              .as(writer.stderr())
              .isZero();
        }

        List<StoredEvent> all = follower.notifications(1, 100_000, Set.of());
        assertThat(all).as("the whole log").hasSize((int) stored);
        assertThat(followed)
            .as(
                "what the follower saw, against the whole log after the writers"
                    + " finished (%d reads)",
                reads)
            .containsExactlyElementsOf(all);
        assertThat(follower.maxNotificationId()).isEqualTo(last);
      }
    } finally {
      for (ChildJvm writer : writers) {
        writer.close();
      }
      db.drop(prefix);
    }
  }
}
