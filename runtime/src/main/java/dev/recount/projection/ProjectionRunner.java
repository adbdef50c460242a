package dev.recount.projection;

import dev.recount.Application;
import dev.recount.Subscriber;
import dev.recount.internal.Internal;
import dev.recount.internal.LeaseTable;
import dev.recount.internal.PostgresPrompts;
import dev.recount.internal.ProjectionMapping;
import dev.recount.internal.ProjectionMappings;
import dev.recount.jooq.Recorders;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.observe.ProjectionMeters;
import dev.recount.store.EventStore.Address;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@code @Projection}'s read model up to date from a notification log, in the user's own
 * database: many notifications per transaction, the position moved by compare-and-set in the same
 * transaction as the handlers' writes, so each notification's effect is committed exactly once,
 * across crashes, restarts and instances racing.
 *
 * <pre>{@code
 * try (ProjectionRunner runner = ProjectionRunner.builder(new WorldHistory(), dataSource)
 *     .follow(app)
 *     .build()
 *     .start()) {                     // catches up, then follows live
 *   long position = worlds.save(world);
 *   runner.awaitProcessed(position, Duration.ofSeconds(5));
 *   // SELECT ... FROM runner.table("world_history")
 * }
 * }</pre>
 *
 * <p>Its tables come in {@linkplain Generation generations}: {@link #rebuild()} fills a new one
 * from the start of the log while the live one keeps serving, then switches readers over.
 */
public final class ProjectionRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.projection");
  /** Passes of a rebuild before it pauses the live generation for the last one. */
  private static final int MAX_REBUILD_PASSES = 20;
  /** The status gauges are refreshed at most this often: each refresh reads the status. */
  private static final long METERS_REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private static final Pattern PREFIX = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,50}");
  private static final Pattern INSTANCE = Pattern.compile("[A-Za-z0-9_.:@/-]{1,100}");

  private final String name;
  private final ReadModel projection;
  private final DataSource dataSource;
  private final NotificationLog log;
  private final Application application;
  private final Positions positions;
  /** Segment 0's worker; with leases, {@link #workers} has one per segment. */
  private final SegmentWorker worker;

  private final List<SegmentWorker> workers = new ArrayList<>();
  /** This instance's leases on the segments; {@code null} when it runs without leases. */
  private final SegmentLeases leases;
  /** The table of those leases, and of the rebuild's; {@code null} without leases. */
  private final LeaseTable leaseTable;

  private final ProjectionMapping<Object> mapping;

  private final Duration leaseDuration;
  private Thread renewer;
  private volatile boolean closed;
  /** Counted down once the first {@link #close()} has stopped the threads and released. */
  private final CountDownLatch stopped = new CountDownLatch(1);
  /** Until the follower has stopped, at close: the batch under way commits under its lease. */
  private volatile boolean renewing = true;

  private final Duration pollInterval;
  private final Duration linger;
  /** Held by whoever writes the live generation; a rebuild takes it to switch over. */
  private final ReentrantLock liveLock = new ReentrantLock();

  private final Object rebuildLock = new Object();
  private volatile Generation live;
  private volatile boolean switching;
  private volatile String lastLogged;
  private LiveFollower follower;
  /** Its meters: the followed application's registry, the builder's, or none. */
  private final ProjectionMeters meters;
  /** When the status gauges were last refreshed (System.nanoTime), so at most once a second. */
  private volatile long metersRefreshed = System.nanoTime() - METERS_REFRESH_NANOS;

  private Subscriber subscriber;
  private PostgresPrompts.Listener listener;

  private ProjectionRunner(Builder builder) {
    ProjectionMapping<Object> mapping = ProjectionMappings.of(builder.projection);
    this.name = mapping.name();
    this.projection = builder.projection;
    this.dataSource = builder.dataSource;
    this.log = builder.log;
    this.application = builder.application;
    this.positions = new Positions(dataSource, builder.tablePrefix);
    this.mapping = mapping;
    this.leaseDuration = builder.leaseDuration;
    this.leaseTable =
        leaseDuration == null ? null : Recorders.leases(dataSource, builder.tablePrefix);
    this.leases = leaseDuration == null
        ? null
        : new SegmentLeases(
            leaseTable,
            name,
            builder.instance != null ? builder.instance : defaultInstance(),
            builder.segments,
            leaseDuration.toMillis());
    Claim claim = leases == null ? Claim.NONE : leases;
    for (int segment = 0; segment < builder.segments; segment++) {
      workers.add(new SegmentWorker(
          projection,
          mapping,
          dataSource,
          log,
          positions,
          claim,
          builder.batchSize,
          segment,
          builder.segments));
    }
    this.worker = workers.get(0);
    // Micrometer's classes are loaded only when a registry is given: it is an optional dependency.
    this.meters = builder.meterRegistry != null
        ? ProjectionMeters.micrometer(builder.meterRegistry, name)
        : application != null
            ? Internal.applications().observability(application).projection(name)
            : ProjectionMeters.none();
    for (SegmentWorker segment : workers) {
      segment.meters(meters);
    }
    this.pollInterval = builder.pollInterval;
    this.linger = builder.linger;
  }

  /**
   * Starts a runner of {@code projection}, an instance of a {@code @Projection} class, writing to
   * {@code dataSource}, which also holds its positions table.
   *
   * @throws IllegalArgumentException if {@code projection}'s class has no generated mapping
   */
  public static Builder builder(ReadModel projection, DataSource dataSource) {
    return new Builder(projection, dataSource);
  }

  /** The name given in {@code @Projection}. */
  public String name() {
    return name;
  }

  /**
   * Catches up in a thread of its own, then follows the log live: prompted by the application's
   * saves in this JVM and, on PostgreSQL, by {@code NOTIFY} on its channel; polling in any case.
   * With {@linkplain Builder#leased leases}, it first claims its share of the segments, and from
   * then on renews and claims every third of the lease's duration.
   *
   * @return this runner
   * @throws IllegalStateException if it was started before, or closed
   */
  public synchronized ProjectionRunner start() {
    if (closed) {
      throw new IllegalStateException("projection " + name + " was closed");
    }
    if (follower != null) {
      throw new IllegalStateException("projection " + name + " was started already");
    }
    initialize();
    if (leases != null) {
      leases.round(this::applying);
    }
    follower = new LiveFollower(
        "recount-projection-" + name, pollInterval, linger, this::followLive, this::failed);
    if (leases != null) {
      renewer = new Thread(this::renew, "recount-projection-" + name + "-leases");
      renewer.setDaemon(true);
      renewer.start();
    }
    if (application != null) {
      LiveFollower prompted = follower;
      subscriber = notification -> prompted.prompt();
      application.subscribe(subscriber);
      Address address = Internal.applications().store(application).address();
      if (PostgresPrompts.supports(address)) {
        listener = new PostgresPrompts.Listener(
            address, prompted::prompt, "recount-projection-" + name + "-listen");
      }
    }
    LOG.info(
        "projection {} follows from {} (generation {}){}",
        name,
        position(),
        live.number(),
        leases == null
            ? ""
            : " as instance " + leases.instance() + " holding segments "
                + leases.held().keySet());
    follower.start();
    return this;
  }

  /**
   * Applies everything the log has after the position, in the calling thread, and returns how many
   * notifications of its topics it applied. For tests and one-off jobs; a started runner does this
   * itself.
   *
   * @throws ProjectionError if a batch failed; the batches before it stay applied
   */
  public long catchUp() {
    initialize();
    if (leases != null && renewer == null) {
      leases.round(this::applying);
    }
    liveLock.lock();
    try {
      long applied = 0;
      for (SegmentWorker segment : active()) {
        try {
          applied += segment.catchUp(live, Long.MAX_VALUE, () -> true);
        } catch (Claim.Lost e) {
          LOG.warn("projection {} stops working on segment {}: {}", name, segment.segment(), e);
        } catch (ProjectionError e) {
          meters.failed();
          throw e;
        }
      }
      refreshMeters(true);
      return applied;
    } catch (SegmentWorker.GenerationGone e) {
      refreshLive();
      return catchUp();
    } finally {
      liveLock.unlock();
    }
  }

  /** Whether this runner works on {@code segment}: holds its lease, if leased. */
  private boolean works(int segment) {
    return leases == null || leases.holds(segment);
  }

  /** Whether a live batch of {@code segment} is under way. */
  private boolean applying(int segment) {
    return workers.get(segment).applying();
  }

  /** The workers of the segments this runner works on now: all, or those it holds leases on. */
  private List<SegmentWorker> active() {
    if (leases == null) {
      return workers;
    }
    List<SegmentWorker> held = new ArrayList<>();
    for (int segment : leases.held().keySet()) {
      held.add(workers.get(segment));
    }
    return held;
  }

  private void followLive() {
    liveLock.lock();
    try {
      RuntimeException failure = null;
      for (SegmentWorker segment : active()) {
        try {
          // a segment given back meanwhile ends with the batch under way
          segment.catchUp(
              live,
              Long.MAX_VALUE,
              () -> follower.running() && !switching && works(segment.segment()));
        } catch (Claim.Lost e) {
          LOG.warn("projection {} stops working on segment {}: {}", name, segment.segment(), e);
        } catch (SegmentWorker.GenerationGone e) {
          throw e;
        } catch (RuntimeException e) {
          // the other segments go on; this one is retried after the poll interval
          meters.failed();
          positions.failed(name, live.number(), segment.segment(), e.toString());
          failure = failure == null ? e : failure;
        }
      }
      if (failure != null) {
        throw failure;
      }
    } catch (SegmentWorker.GenerationGone e) {
      refreshLive();
    } finally {
      liveLock.unlock();
      refreshMeters(false);
    }
  }

  /**
   * Reads the status into the gauges, at most once a second unless {@code now}; a failure to read
   * it leaves them as they were (the batches' own failures are counted where they happen).
   */
  private void refreshMeters(boolean now) {
    if (!meters.enabled() || (!now && System.nanoTime() - metersRefreshed < METERS_REFRESH_NANOS)) {
      return;
    }
    metersRefreshed = System.nanoTime();
    try {
      status(); // which reports to the gauges
    } catch (RuntimeException e) {
      LOG.debug("projection {} could not read its status for its meters: {}", name, e.toString());
    }
  }

  /**
   * Every third of the lease's duration: renews the leases, and claims free or expired ones; once
   * closing, only renews them, until the batch under way has ended.
   */
  private void renew() {
    long pause = Math.max(1, leaseDuration.toMillis() / 3);
    while (renewing) {
      try {
        Thread.sleep(pause);
      } catch (InterruptedException e) {
        return;
      }
      if (!renewing) {
        return;
      }
      try {
        if (closed) {
          leases.renew();
        } else if (leases.round(this::applying)) {
          follower.prompt();
        }
      } catch (RuntimeException e) {
        // The database cannot be reached: the leases run out unless a later round renews them,
        // and the fence refuses the batches of those that did.
        LOG.warn("projection {} could not renew or claim its leases: {}", name, e.toString());
      }
    }
  }

  private void failed(RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    if (!message.equals(lastLogged)) {
      LOG.warn("projection {} failed; retrying every {} ms: {}", name, pollInterval.toMillis(), e);
      lastLogged = message;
    } else {
      LOG.debug("projection {} failed again: {}", name, message);
    }
    // followLive recorded it in the failing segment's row
  }

  /** The id of the last notification the live generation has applied (0 before any). */
  public long position() {
    initialize();
    try {
      return slowest(live);
    } catch (SegmentWorker.GenerationGone e) {
      refreshLive();
      return slowest(live);
    }
  }

  /** The position of the segment furthest behind, so all have applied what is below it. */
  private long slowest(Generation generation) {
    long slowest = Long.MAX_VALUE;
    for (SegmentWorker segment : workers) {
      slowest = Math.min(slowest, segment.position(generation));
    }
    return slowest;
  }

  /** The live generation: the one readers should read. */
  public Generation generation() {
    initialize();
    return live;
  }

  /**
   * The name of the table {@code base} in the live generation: what readers query. Ask again for
   * each query (or transaction): a rebuild switches it.
   */
  public String table(String base) {
    return generation().table(base);
  }

  /**
   * Whether the live generation has applied every notification of its topics up to {@code position}
   * (such as what a save returned): read-your-writes.
   */
  public boolean hasProcessed(long position) {
    long applied = position();
    if (applied >= position) {
      return true;
    }
    if (log.maxId() < position) { // the visible head first, as Progress.processed explains
      return false;
    }
    List<Notification> next = log.select(applied + 1, 1, worker.topics());
    return next.isEmpty() || next.get(0).id() > position;
  }

  /**
   * Waits until it {@linkplain #hasProcessed has processed} {@code position}, processed by whoever
   * runs the projection (this runner, another JVM).
   *
   * @return false if {@code timeout} passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitProcessed(long position, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = 1;
    while (!hasProcessed(position)) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      Thread.sleep(pause);
      pause = Math.min(50, pause * 2);
    }
    return true;
  }

  /**
   * Replays the whole log into a new generation of tables while the live one keeps serving (and
   * following), then switches over atomically: from then on {@link #table} names the new tables,
   * and the old generation's tables are dropped. Returns when done. A rebuild left unfinished by a
   * crash is dropped and started again by the next one.
   *
   * <p>With {@linkplain Builder#leased leases}, the instance that calls it first claims the
   * projection's rebuild lease ({@code <projection>:rebuild}) and fills every segment of the new
   * generation itself, each batch and the switch fenced by that lease; the other instances go on
   * serving the live generation and move to the new one at their next batch after the switch.
   *
   * @return the new live generation
   * @throws ProjectionError if a batch of the rebuild failed; the live generation stays
   * @throws IllegalStateException if another instance is rebuilding it, or this rebuild lost its
   *     lease (it paused past it); the live generation stays
   */
  public Generation rebuild() {
    initialize();
    synchronized (rebuildLock) {
      RebuildLease lease = leases == null
          ? null
          : RebuildLease.claim(leaseTable, name, leases.instance(), leaseDuration.toMillis());
      try {
        return rebuild(lease);
      } catch (Claim.Lost e) {
        throw new IllegalStateException(
            "the rebuild of projection " + name
                + " lost its lease (it paused past it; another instance may rebuild now):"
                + " its batches were refused",
            e);
      } finally {
        if (lease != null) {
          try {
            lease.release();
          } catch (RuntimeException e) {
            LOG.warn("projection {} could not release its rebuild lease: {}", name, e.toString());
          }
        }
      }
    }
  }

  /**
   * The rebuild itself. Without leases, segment 0's worker fills the next generation; with leases,
   * a worker per segment, fenced by the rebuild's lease rather than by the segments' leases, which
   * other instances may hold: the next generation's rows are written by the rebuilder alone.
   */
  private Generation rebuild(RebuildLease lease) {
    List<SegmentWorker> builders = new ArrayList<>();
    if (lease == null) {
      builders.add(worker);
    } else {
      for (SegmentWorker segment : workers) {
        SegmentWorker builder = new SegmentWorker(
            projection,
            mapping,
            dataSource,
            log,
            positions,
            lease,
            segment.batchSize(),
            segment.segment(),
            workers.size());
        builder.meters(meters);
        builders.add(builder);
      }
    }
    int newest = 0;
    for (Positions.Row row : positions.rows(name)) {
      newest = Math.max(newest, row.generation());
      if (row.state().equals(Positions.BUILDING) && row.segment() == worker.segment()) {
        Generation abandoned = new Generation(row.generation());
        LOG.info("projection {} drops generation {}, an unfinished rebuild", name, abandoned);
        ddl(connection -> projection.dropTables(connection, abandoned), abandoned);
        positions.delete(name, abandoned.number());
      }
    }
    Generation next = new Generation(newest + 1);
    ddl(connection -> projection.createTables(connection, next), next);
    for (SegmentWorker builder : builders) {
      if (!positions.insert(
          name, next.number(), builder.segment(), workers.size(), Positions.BUILDING)) {
        throw new IllegalStateException(
            "projection " + name + " is being rebuilt by another instance");
      }
    }
    LOG.info("projection {} rebuilds into generation {}", name, next.number());
    refreshMeters(true);
    // Passes up to the head as it was at the start of each, while writers may go on writing;
    // then one last, short pass with the live generation paused (in this JVM; other instances
    // notice the switch at their next batch), and the switch.
    for (int pass = 0; pass < MAX_REBUILD_PASSES; pass++) {
      long head = log.maxId();
      for (SegmentWorker builder : builders) {
        builder.catchUp(next, head, () -> true);
      }
      if (lease != null) {
        lease.renew(name);
      }
      if (log.maxId() - head <= worker.batchSize()) {
        break;
      }
    }
    Generation previous;
    switching = true;
    liveLock.lock();
    try {
      long head = log.maxId();
      for (SegmentWorker builder : builders) {
        builder.catchUp(next, head, () -> true);
      }
      previous = live;
      positions.switchOver(name, previous.number(), next.number(), lease);
      live = next;
    } finally {
      switching = false;
      liveLock.unlock();
    }
    LOG.info(
        "projection {} switched to generation {} at {}; dropping generation {}",
        name,
        next.number(),
        slowest(next),
        previous.number());
    ddl(connection -> projection.dropTables(connection, previous), previous);
    if (follower != null) {
      follower.prompt();
    }
    refreshMeters(true);
    return next;
  }

  /** Where the projection is: position, lag, last error, and any rebuild under way. */
  public ProjectionStatus status() {
    initialize();
    long head = log.maxId();
    Positions.Row current = null;
    Positions.Row failed = null;
    Positions.Row building = null;
    for (Positions.Row row : positions.rows(name)) {
      if (row.state().equals(Positions.LIVE)) {
        if (current == null || row.position() < current.position()) {
          current = row; // the segment furthest behind
        }
        if (row.lastError() != null
            && (failed == null || row.lastErrorAt() > failed.lastErrorAt())) {
          failed = row;
        }
      } else if (row.state().equals(Positions.BUILDING) && row.segment() == worker.segment()) {
        building = row;
      }
    }
    if (current == null) {
      refreshLive();
      return status();
    }
    Duration lagTime = Duration.ZERO;
    if (current.position() < head) {
      List<Notification> next = log.select(current.position() + 1, 1, worker.topics());
      if (!next.isEmpty()) {
        lagTime = Duration.between(next.get(0).timestamp(), Instant.now());
        lagTime = lagTime.isNegative() ? Duration.ZERO : lagTime;
      }
    }
    meters.status(
        current.position(), Math.max(0, head - current.position()), lagTime, building != null);
    return new ProjectionStatus(
        name,
        current.segment(),
        current.generation(),
        current.position(),
        head,
        Math.max(0, head - current.position()),
        lagTime,
        Instant.ofEpochMilli(current.updatedAt()),
        failed == null ? null : failed.lastError(),
        failed == null ? null : Instant.ofEpochMilli(failed.lastErrorAt()),
        building == null ? 0 : building.generation(),
        building == null ? 0 : building.position(),
        workers.size(),
        leases == null ? Set.of() : leases.held().keySet());
  }

  /**
   * The segments this instance holds leases on, each with its fencing token (empty without
   * {@linkplain Builder#leased leases}, or before {@link #start()}).
   */
  public Map<Integer, Long> held() {
    return leases == null ? Map.of() : leases.held();
  }

  /**
   * Stops following, after the batch under way, and releases its leases, if any, so that other
   * instances take its segments over at once; the runner cannot be started again. Calling it again,
   * from any thread, returns once the first call has done so.
   */
  @Override
  public void close() {
    Thread renewerThread;
    LiveFollower following;
    Subscriber subscribed;
    PostgresPrompts.Listener listening;
    boolean first;
    synchronized (this) {
      first = !closed;
      closed = true;
      renewerThread = renewer;
      following = follower;
      subscribed = subscriber;
      listening = listener;
    }
    if (!first) {
      awaitStopped();
      return;
    }
    // The waiting happens without the monitor: the threads waited for may need it on their way.
    try {
      if (application != null && subscribed != null) {
        application.unsubscribe(subscribed);
      }
      if (listening != null) {
        listening.close();
      }
      if (following != null) {
        // The renewer goes on renewing meanwhile: a batch slower than the lease still commits.
        following.stop(Duration.ofSeconds(60));
        LOG.info("projection {} stopped at {}", name, safePosition());
      }
      renewing = false;
      if (renewerThread != null) {
        renewerThread.interrupt();
        try {
          renewerThread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (leases != null) {
        try {
          leases.releaseAll();
        } catch (RuntimeException e) {
          LOG.warn(
              "projection {} could not release its leases; they run out: {}", name, e.toString());
        }
      }
      meters.close();
    } finally {
      stopped.countDown();
    }
  }

  /** A second close returns once the first has stopped everything, as the first does. */
  private void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String safePosition() {
    try {
      return Long.toString(position());
    } catch (RuntimeException e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }

  /**
   * Creates the positions table and, on a first run, generation 1 of the projection's tables, once;
   * finds the live generation.
   */
  private void initialize() {
    // Without the monitor once done: the live thread comes here (status() for its meters) at the
    // end of every batch.
    if (live == null) {
      initializeOnce();
    }
  }

  private synchronized void initializeOnce() {
    if (live != null) {
      return;
    }
    positions.createTable();
    if (!findLive()) {
      Generation first = new Generation(1);
      ddl(connection -> projection.createTables(connection, first), first);
      for (SegmentWorker segment : workers) {
        if (positions.insert(
                name, first.number(), segment.segment(), workers.size(), Positions.LIVE)
            && segment.segment() == 0) {
          LOG.info("projection {} starts at generation 1 in {}", name, positions.table());
        }
      }
      if (!findLive()) {
        throw new IllegalStateException(
            "projection " + name + " has no live generation in " + positions.table());
      }
    }
  }

  private void refreshLive() {
    if (!findLive()) {
      throw new IllegalStateException(
          "projection " + name + " has no live generation in " + positions.table());
    }
  }

  private boolean findLive() {
    for (Positions.Row row : positions.rows(name)) {
      if (row.state().equals(Positions.LIVE) && row.segment() == worker.segment()) {
        if (row.segments() != workers.size()) {
          // Other segments would start from 0 and apply again what the old ones applied.
          throw new IllegalStateException("projection " + name + " has " + row.segments()
              + " segment(s) in " + positions.table() + ", this runner " + workers.size()
              + ": the number of segments of a projection cannot change (rename it to start"
              + " afresh)");
        }
        live = new Generation(row.generation());
        return true;
      }
    }
    return false;
  }

  private static String defaultInstance() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    String id = host.replaceAll("[^A-Za-z0-9_.-]", "-") + ":"
        + ManagementFactory.getRuntimeMXBean().getPid() + ":"
        + UUID.randomUUID().toString().substring(0, 8);
    return id.length() > 100 ? id.substring(id.length() - 100) : id;
  }

  /** DDL of the projection's own, on a connection in auto-commit. */
  private interface Ddl {
    void run(Connection connection) throws SQLException;
  }

  private void ddl(Ddl ddl, Generation generation) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      ddl.run(connection);
    } catch (SQLException e) {
      throw new ProjectionError(name, generation.number(), 0, e);
    }
  }

  /** Configures a {@link ProjectionRunner}. */
  public static final class Builder {
    private final ReadModel projection;
    private final DataSource dataSource;
    private NotificationLog log;
    private Application application;
    private int batchSize = 500;
    private Duration linger = Duration.ZERO;
    private Duration pollInterval = Duration.ofSeconds(1);
    private String tablePrefix = "recount_";
    private int segments = 1;
    private Duration leaseDuration;
    private String instance;
    private MeterRegistry meterRegistry;

    private Builder(ReadModel projection, DataSource dataSource) {
      this.projection = Objects.requireNonNull(projection, "projection");
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
      ProjectionMappings.of(projection);
    }

    /**
     * Follows {@code application}'s log, prompted by its saves in this JVM and, on PostgreSQL, by
     * {@code NOTIFY} on its channel.
     */
    public Builder follow(Application application) {
      this.application = Objects.requireNonNull(application, "application");
      this.log = application.log();
      return this;
    }

    /** Follows {@code log} (another JVM's over HTTP, say), polling it. */
    public Builder follow(NotificationLog log) {
      this.application = null;
      this.log = Objects.requireNonNull(log, "log");
      return this;
    }

    /** Most notifications applied per transaction (default 500). */
    public Builder batchSize(int notifications) {
      if (notifications < 1 || notifications > 100_000) {
        throw new IllegalArgumentException("batch size " + notifications + " is not in 1..100000");
      }
      this.batchSize = notifications;
      return this;
    }

    /**
     * How long a prompted runner waits for more notifications before it reads, so that a burst of
     * saves shares one transaction (default 0: at once).
     */
    public Builder linger(Duration linger) {
      if (linger.isNegative()) {
        throw new IllegalArgumentException("linger " + linger + " is negative");
      }
      this.linger = linger;
      return this;
    }

    /** How often it reads the log without a prompt (default 1 s), and retries after a failure. */
    public Builder pollInterval(Duration interval) {
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("poll interval " + interval + " is not positive");
      }
      this.pollInterval = interval;
      return this;
    }

    /**
     * The prefix of its positions table, {@code <prefix>projections} (default {@code recount_}).
     */
    public Builder tablePrefix(String prefix) {
      if (!PREFIX.matcher(prefix).matches()) {
        throw new IllegalArgumentException("table prefix '" + prefix
            + "' must be a letter followed by up to 50 letters, digits or '_'");
      }
      this.tablePrefix = prefix;
      return this;
    }

    /**
     * Runs as one of any number of instances of the projection (in other JVMs, on other hosts),
     * which share its segments through leases in {@code <prefix>leases}, in the same database as
     * the positions: each segment is worked by the instance holding its lease, and every batch is
     * fenced by it. A lease lasts {@code duration} unless renewed (every third of it): how long the
     * segments of an instance that died wait before another takes them over.
     */
    public Builder leased(Duration duration) {
      if (duration.toMillis() < 300) {
        throw new IllegalArgumentException(
            "a lease's duration " + duration + " is too short: at least 300 ms");
      }
      this.leaseDuration = duration;
      return this;
    }

    /**
     * How many segments the projection is split into by aggregate id (as
     * {@code LeasedFollower.segmentOf}), each with a position of its own (default 1); the same for
     * every instance, and fixed for the life of the projection's positions. More than 1 needs
     * {@link #leased}.
     */
    public Builder segments(int segments) {
      if (segments < 1 || segments > 1024) {
        throw new IllegalArgumentException("segments " + segments + " is out of range 1..1024");
      }
      this.segments = segments;
      return this;
    }

    /**
     * The name of this instance in the leases' table (default: host name, process id and a random
     * part); unique among the instances.
     */
    public Builder instance(String instance) {
      if (!INSTANCE.matcher(instance).matches()) {
        throw new IllegalArgumentException("instance '" + instance
            + "' must be 1 to 100 letters, digits, '_', '.', ':', '@', '/' or '-'");
      }
      this.instance = instance;
      return this;
    }

    /**
     * Reports its batches, failures, position, lag and rebuilds as meters in this registry (names
     * in docs/OBSERVABILITY.md). Without it, a runner that follows an {@link Application} reports
     * to that application's meter registry, if it was given one; one that follows a log reports
     * nothing. Needs {@code io.micrometer:micrometer-core} on the class path.
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = Objects.requireNonNull(registry, "registry");
      return this;
    }

    /**
     * A new runner, not started yet.
     *
     * @throws IllegalStateException if it follows nothing, or has segments but no leases
     * @throws dev.recount.PersistenceError if it has leases and their table is missing and cannot
     *     be created
     */
    public ProjectionRunner build() {
      if (log == null) {
        throw new IllegalStateException("the projection follows nothing: call follow(...)");
      }
      if (segments > 1 && leaseDuration == null) {
        throw new IllegalStateException(
            "segments(" + segments + ") needs leased(...): segments are shared by leases");
      }
      if (instance != null && leaseDuration == null) {
        throw new IllegalStateException("instance(...) needs leased(...)");
      }
      return new ProjectionRunner(this);
    }
  }
}
