package dev.recount.examples.scaling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.testing.ChildJvm;
import dev.recount.testing.DatabaseServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the test sees of one leased worker's segments (a leased follower's, a leased projection's):
 * the live rows of its leases table, read with the database's clock as the instances' claims use
 * it, and waits on them. Presence rows ({@code <name>:instance:<instance>}) are not the worker's
 * segments and are left out.
 */
final class LeaseWatch {
  /** A live lease of a segment. */
  record Holder(int segment, String holder, long token) {}

  /** A holder paused with SIGSTOP, and the instance that took its segment over meanwhile. */
  record Takeover(Holder paused, Holder successor) {}

  private final DatabaseServer server;
  private final String table;
  private final String name;

  /**
   * @param table the leases table, {@code <prefix>leases} or another prefix's
   * @param name the leases' name: the process application's or the projection's
   */
  LeaseWatch(DatabaseServer server, String table, String name) {
    this.server = server;
    this.table = table;
    this.name = name;
  }

  /** The live leases of the segments, by segment. */
  List<Holder> holders() throws Exception {
    List<Holder> holders = new ArrayList<>();
    try (var connection = server.connect();
        var select = connection.prepareStatement("SELECT " + server.quote("segment") + ", "
            + server.quote("holder") + ", " + server.quote("token") + " FROM "
            + server.quote(table) + " WHERE " + server.quote("name") + " = ? AND "
            + server.quote("holder") + " IS NOT NULL AND " + server.quote("expires_us") + " > "
            + nowMicros() + " ORDER BY " + server.quote("segment"))) {
      select.setString(1, name);
      try (var rows = select.executeQuery()) {
        while (rows.next()) {
          holders.add(new Holder(rows.getInt(1), rows.getString(2), rows.getLong(3)));
        }
      }
    }
    return holders;
  }

  private String nowMicros() {
    return switch (server.kind()) {
      case POSTGRES -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
      case MARIADB -> "CAST(UNIX_TIMESTAMP(NOW(6)) * 1000000 AS SIGNED)";
      case H2 -> "CAST(EXTRACT(EPOCH FROM CURRENT_TIMESTAMP) * 1000000 AS BIGINT)";
    };
  }

  void awaitAllHeld(int segments, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holders().size() < segments) {
      assertThat(System.nanoTime() - deadline).as("every segment held in time").isNegative();
      Thread.sleep(20);
    }
  }

  /**
   * The holder of {@code segment}, once it has one: a segment being given back has none between its
   * release and the other instance's claim.
   */
  String holderOf(int segment, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Holder holder : holders()) {
        if (holder.segment == segment) {
          return holder.holder;
        }
      }
      assertThat(System.nanoTime() - deadline)
          .as("segment %d held in time", segment)
          .isNegative();
      Thread.sleep(10);
    }
  }

  /** Waits until {@code instances} different instances hold segments: the work is shared. */
  void awaitBalanced(int instances, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holders().stream().map(Holder::holder).distinct().count() < instances) {
      assertThat(System.nanoTime() - deadline)
          .as("%d instances share the segments in time: %s", instances, holders())
          .isNegative();
      Thread.sleep(20);
    }
  }

  /** Waits until {@code instance} holds segment {@code segment}. */
  void awaitHeldBy(int segment, String instance, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (holders().stream().noneMatch(h -> h.segment == segment && h.holder.equals(instance))) {
      assertThat(System.nanoTime() - deadline)
          .as("segment %d held by %s in time: %s", segment, instance, holders())
          .isNegative();
      Thread.sleep(20);
    }
  }

  /** When segment {@code segment} is held by another than {@code gone}, in nanoTime. */
  long awaitHeldWithout(int segment, String gone, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      for (Holder holder : holders()) {
        if (holder.segment == segment && !holder.holder.equals(gone)) {
          return System.nanoTime();
        }
      }
      assertThat(System.nanoTime() - deadline).as("segment taken over in time").isNegative();
      Thread.sleep(5);
    }
  }

  /** What is done with the holder's JVM right before it is paused. */
  interface BeforePause {
    void prepare(ChildJvm holder) throws Exception;
  }

  /**
   * Pauses the holder of segment 0 (of a worker with one segment) with SIGSTOP until another
   * instance has claimed the segment with a larger token, and leaves it paused. If nobody takes
   * over within four leases, the pause fell where the lease's row is locked (inside a transaction
   * that checked the lease): the holder is resumed and paused again, up to three times.
   *
   * @param children the instances' JVMs, by instance name
   * @param beforePause done right before each pause (such as waiting until the holder is inside a
   *     batch)
   * @return the paused holder, still paused, and its successor
   */
  Takeover pauseHolderUntilTakenOver(
      Function<String, ChildJvm> children, long leaseMillis, BeforePause beforePause)
      throws Exception {
    Holder holder = null;
    Holder successor = null;
    for (int attempt = 0; attempt < 3 && successor == null; attempt++) {
      awaitAllHeld(1, Duration.ofSeconds(10)); // after a resume, someone must hold it again
      holder = holders().get(0);
      ChildJvm paused = children.apply(holder.holder);
      beforePause.prepare(paused);
      paused.signal("STOP");
      try {
        successor = awaitSuccessor(holder, Duration.ofMillis(leaseMillis * 4));
      } finally {
        if (successor == null) {
          // Paused inside a transaction that locked the lease's row: nobody may take the lease
          // over until that transaction ends. Resume it and pause it again.
          paused.signal("CONT");
          Thread.sleep(200);
        }
      }
    }
    assertThat(successor).as("another instance took the lease over").isNotNull();
    return new Takeover(holder, successor);
  }

  /**
   * The new holder of {@code paused}'s segment, with a larger token, or null if none took it in
   * time.
   */
  Holder awaitSuccessor(Holder paused, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      for (Holder holder : holders()) {
        if (holder.segment == paused.segment && holder.token > paused.token) {
          return holder;
        }
      }
      Thread.sleep(10);
    }
    return null;
  }
}
