package dev.recount.projection;

import dev.recount.internal.ProjectionMapping;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.observe.ProjectionMeters;
import dev.recount.process.LeasedFollower;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;

/**
 * Applies the notifications of one (projection, segment) to one generation of its tables, a batch
 * per transaction: the unit of work that a lease will be claimed for. Each batch first moves the
 * position by compare-and-set (which also locks its row), then checks the {@link Claim}, then runs
 * the handlers of the notifications whose originator is in its segment
 * ({@link LeasedFollower#segmentOf}), and commits all of it at once; a batch whose compare-and-set
 * or claim fails writes nothing.
 */
final class SegmentWorker {
  private volatile boolean applying;

  /** What one batch did. */
  enum Outcome {
    /** It applied notifications, or moved the position past notifications of other topics. */
    ADVANCED,
    /** There was nothing new. */
    IDLE,
    /** Another instance had moved the position: nothing was written; the position is re-read. */
    RACED
  }

  /** The widest window of ids one query scans, in batches, for sparse topics. */
  private static final int MAX_WINDOW_BATCHES = 64;

  private final String name;
  private final int segment;
  private final int segments;
  private final Object projection;
  private final ProjectionMapping<Object> mapping;
  private final DataSource dataSource;
  private final NotificationLog log;
  private final Positions positions;
  private final Claim claim;
  private final int batchSize;
  private final Set<String> topics;
  /** Where each batch is reported; set once, before the worker's first batch. */
  private ProjectionMeters meters = ProjectionMeters.none();

  SegmentWorker(
      Object projection,
      ProjectionMapping<Object> mapping,
      DataSource dataSource,
      NotificationLog log,
      Positions positions,
      Claim claim,
      int batchSize,
      int segment,
      int segments) {
    this.name = mapping.name();
    this.segment = segment;
    this.segments = segments;
    this.projection = projection;
    this.mapping = mapping;
    this.dataSource = dataSource;
    this.log = log;
    this.positions = positions;
    this.claim = claim;
    this.batchSize = batchSize;
    this.topics = mapping.topics();
  }

  int segment() {
    return segment;
  }

  void meters(ProjectionMeters meters) {
    this.meters = meters;
  }

  int batchSize() {
    return batchSize;
  }

  Set<String> topics() {
    return topics;
  }

  /**
   * The stored position of {@code generation}.
   *
   * @throws GenerationGone if it has no row: a rebuild replaced it
   */
  long position(Generation generation) {
    for (Positions.Row row : positions.rows(name)) {
      if (row.generation() == generation.number() && row.segment() == segment) {
        return row.position();
      }
    }
    throw new GenerationGone(name, generation);
  }

  /** The generation a worker was writing to has been replaced by a rebuild (of any instance). */
  static final class GenerationGone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    GenerationGone(String name, Generation generation) {
      super("generation " + generation.number() + " of projection " + name + " was replaced");
    }
  }

  /**
   * Applies batches to {@code generation} until one finds nothing new up to {@code upTo} (or
   * {@code keepGoing} says stop), starting from its stored position.
   *
   * @param upTo the last id to apply; {@link Long#MAX_VALUE} for the end of the log, however far it
   *     moves meanwhile
   * @return how many notifications were applied
   */
  long catchUp(Generation generation, long upTo, BooleanSupplier keepGoing) {
    long from = position(generation);
    long applied = 0;
    ReadAhead ahead = null;
    while (keepGoing.getAsBoolean() && from < upTo) {
      Batch batch = ahead != null && ahead.from() == from ? ahead.join() : read(from, upTo);
      ahead = null;
      if (batch.to() == from) {
        return applied;
      }
      if (batch.full()) {
        // The next batch is read and decoded while this one is applied: what is below the head
        // read by read() cannot change, so the batch after a commit is the one read now. If this
        // one races, the position moves elsewhere and what was read ahead is dropped.
        ahead = ReadAhead.start(() -> read(batch.to(), upTo), batch.to());
      }
      long started = System.nanoTime();
      Outcome outcome = apply(generation, from, batch.to(), batch.notifications());
      if (meters.enabled()) {
        meters.batch(
            outcome == Outcome.RACED ? "raced" : "advanced",
            outcome == Outcome.RACED ? 0 : own(batch.notifications()),
            System.nanoTime() - started);
      }
      if (outcome == Outcome.RACED) {
        from = position(generation);
      } else {
        applied += batch.notifications().size();
        from = batch.to();
      }
    }
    return applied;
  }

  /** How many of {@code batch} are this segment's: what its handlers were given. */
  private int own(List<Notification> batch) {
    if (segments == 1) {
      return batch.size();
    }
    int own = 0;
    for (Notification notification : batch) {
      if (LeasedFollower.segmentOf(notification.originatorId(), segments) == segment) {
        own++;
      }
    }
    return own;
  }

  /** Notifications read after a position, and the position they take the projection to. */
  record Batch(List<Notification> notifications, long to, boolean full) {}

  private Batch read(long from, long upTo) {
    List<Notification> notifications = new ArrayList<>();
    long to = read(from, upTo, notifications);
    return new Batch(notifications, to, notifications.size() == batchSize);
  }

  /**
   * Reads up to a batch of notifications after {@code from} into {@code batch}; returns the
   * position the batch reaches. It reads windows of ids up to the head (read first, and never
   * beyond {@code upTo}), so that a projection of a few topics scans a bounded range per query: a
   * window as wide as the batch while the topics are dense, doubling (up to 64 batches) while a
   * window comes back short. A batch that is not full read every window to the head, and the
   * position goes to the head, past notifications of other topics, which the handlers would not
   * take anyway: no notification below the head can still appear.
   */
  private long read(long from, long upTo, List<Notification> batch) {
    long head = Math.min(log.maxId(), upTo);
    long next = from + 1;
    long window = batchSize;
    while (batch.size() < batchSize && next <= head) {
      long windowEnd = Math.min(head, next + window - 1);
      int wanted = Math.min(NotificationLog.MAX_LIMIT, batchSize - batch.size());
      List<Notification> page = log.select(next, windowEnd, wanted, topics);
      batch.addAll(page);
      if (page.size() == wanted) {
        next = page.get(page.size() - 1).id() + 1;
      } else {
        next = windowEnd + 1;
        window = Math.min(window * 2, (long) batchSize * MAX_WINDOW_BATCHES);
      }
    }
    if (batch.size() == batchSize) {
      return batch.get(batch.size() - 1).id();
    }
    return Math.max(from, head);
  }

  /** Whether a batch of it is under way. */
  boolean applying() {
    return applying;
  }

  /** One batch in one transaction, position included. */
  private Outcome apply(Generation generation, long from, long to, List<Notification> batch) {
    applying = true;
    try {
      return applyNow(generation, from, to, batch);
    } finally {
      applying = false;
    }
  }

  private Outcome applyNow(Generation generation, long from, long to, List<Notification> batch) {
    Notification current = null;
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        if (!positions.advance(connection, name, generation.number(), segment, from, to)) {
          connection.rollback();
          return Outcome.RACED;
        }
        if (claim.checkFirst()) {
          claim.check(connection, name, segment);
        }
        ProjectionContext context = new ProjectionContext(connection, generation);
        try {
          for (Notification notification : batch) {
            if (segments > 1
                && LeasedFollower.segmentOf(notification.originatorId(), segments) != segment) {
              continue; // another segment's: its worker applies it
            }
            current = notification;
            context.at(notification);
            mapping.handle(projection, notification.event(), context);
          }
        } finally {
          context.closeStatements();
        }
        if (!claim.checkFirst()) {
          // Last: the fence locks the lease's row until the commit, and a batch slower than the
          // lease holding it all along would stall the renewer, and so every lease's renewal.
          claim.check(connection, name, segment);
        }
        connection.commit();
        return Outcome.ADVANCED;
      } catch (Exception e) {
        rollback(connection);
        throw e;
      }
    } catch (ProjectionError | Claim.Lost e) {
      throw e;
    } catch (Exception e) {
      throw new ProjectionError(
          name, generation.number(), current == null ? from + 1 : current.id(), e);
    }
  }

  private static void rollback(Connection connection) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // the connection is broken; closing it discards the transaction
    }
  }
}
