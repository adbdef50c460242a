package dev.recount.process;

import dev.recount.Application;
import dev.recount.PersistenceError;
import dev.recount.Subscriber;
import dev.recount.internal.FairShare;
import dev.recount.internal.Internal;
import dev.recount.internal.LeaseTable;
import dev.recount.internal.PostgresPrompts;
import dev.recount.store.EventStore.Address;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one process application as one of any number of instances, in this JVM or others, on this
 * host or others, that share its work through leases in its own database: no other coordination
 * service. Its work is split into {@code segments} by aggregate id ({@link #segmentOf}); each
 * segment is worked by the one instance that holds its lease, in log order, and every save of that
 * work is fenced by the lease (docs/SCALING.md). With one segment, one instance is active and the
 * others stand by; with N segments and k instances, each works about N/k of them. An instance that
 * dies (or pauses, or loses the network) longer than the lease's duration loses its segments to the
 * others, and a save it tries after that is refused.
 *
 * <pre>{@code
 * ProcessApplication counter = ProcessApplication.builder("counter", application)
 *     .follow("orders", orders.log()).policy(...).build();
 * try (LeasedFollower follower = LeasedFollower.builder(counter).segments(4).build().start()) {
 *   ...   // runs until stopped; follower.held() shows which segments it works on
 * }       // stops, and releases its leases for the other instances
 * }</pre>
 *
 * <p>Every instance must be given the same process application (name, upstreams, policy) and the
 * same number of segments.
 */
public final class LeasedFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  /** How long a round waits for a worker asked to stop before it goes on without it. */
  private static final long LEAVE_GRACE_MILLIS = 20;

  private final ProcessApplication process;
  private final int segments;
  private final String instance;
  private final Leases leases;
  private final LeaseTable table;
  private final long renewNanos;
  private final long pollNanos;
  private final Map<Integer, SegmentWorker> workers = new ConcurrentHashMap<>();
  /**
   * The held segments being given back: their workers were asked to stop, and their leases are
   * renewed until the workers have ended, then released. Guarded by this.
   */
  private final Set<Integer> leaving = new HashSet<>();

  private final Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
  private final RunState state = new RunState();
  private final Object wake = new Object();
  private Thread coordinator;
  private long presenceToken;
  /** By upstream name, the application whose saves prompt the segments (builder's prompt). */
  private final Map<String, Application> prompters;

  private final Map<String, Subscriber> subscribers = new LinkedHashMap<>();
  private final List<PostgresPrompts.Listener> listeners = new ArrayList<>();

  private LeasedFollower(Builder builder) {
    this.process = builder.process;
    this.segments = builder.segments;
    this.instance = builder.instance != null ? builder.instance : defaultInstance();
    this.leases = Leases.of(process.application(), builder.leaseDuration);
    this.table = leases.table();
    this.renewNanos = builder.renewInterval.toNanos();
    this.pollNanos = builder.pollInterval.toNanos();
    this.prompters = new LinkedHashMap<>(builder.prompters);
  }

  /** Starts configuring the instance of {@code process} to run here. */
  public static Builder builder(ProcessApplication process) {
    return new Builder(process);
  }

  /**
   * The segment of aggregate {@code aggregateId} among {@code segments}: both 64-bit halves of the
   * UUID exclusive-or'ed, mixed with MurmurHash3's 64-bit finalizer, then modulo {@code segments}
   * as an unsigned number. The same in every JVM and every version: positions are kept per segment.
   *
   * @throws IllegalArgumentException if {@code segments} is not 1 to 1024
   */
  public static int segmentOf(UUID aggregateId, int segments) {
    checkSegments(segments);
    return Segment.of(aggregateId, segments);
  }

  /**
   * Joins the other instances: claims what share of the segments is free, and starts working on
   * them; then, every renew interval, renews its leases and takes its share of whatever is free or
   * expired, or gives back what is more than its share.
   *
   * @return this
   * @throws IllegalStateException if it was started before
   * @throws PersistenceError if the leases' table cannot be reached
   */
  public LeasedFollower start() {
    state.start();
    try {
      round();
    } catch (RuntimeException e) {
      state.stopped();
      throw e;
    }
    coordinator = new Thread(this::coordinate, "recount-" + process.name() + "-leases");
    coordinator.setDaemon(true);
    coordinator.start();
    listen();
    LOG.info(
        "{} runs as instance {} over {} segment(s), holding {}",
        process.name(),
        instance,
        segments,
        held().keySet());
    return this;
  }

  /**
   * Prompts the segments' workers when an upstream given to the builder's {@code prompt} saves in
   * this JVM (a subscriber, with the saved position) and, on PostgreSQL, when a {@code NOTIFY}
   * comes on its channel; they poll in any case.
   */
  private void listen() {
    for (Map.Entry<String, Application> prompter : prompters.entrySet()) {
      String upstream = prompter.getKey();
      Subscriber subscriber = notification -> prompt(upstream, notification.id());
      prompter.getValue().subscribe(subscriber);
      subscribers.put(upstream, subscriber);
      Address address = Internal.applications().store(prompter.getValue()).address();
      if (PostgresPrompts.supports(address)) {
        listeners.add(new PostgresPrompts.Listener(
            address,
            () -> prompt(upstream, 0),
            "recount-" + process.name() + "-listen-" + upstream));
      }
    }
  }

  private void prompt(String upstream, long position) {
    for (SegmentWorker worker : workers.values()) {
      worker.prompt(upstream, position);
    }
  }

  private void unlisten() {
    subscribers.forEach((upstream, subscriber) -> prompters.get(upstream).unsubscribe(subscriber));
    subscribers.clear();
    listeners.forEach(PostgresPrompts.Listener::close);
    listeners.clear();
  }

  /** Who this instance is in the leases' table. */
  public String instance() {
    return instance;
  }

  /** The number of segments the work is split into. */
  public int segments() {
    return segments;
  }

  /**
   * The segments this instance holds now, each with the fencing token of its lease, by segment: the
   * instance's status. A segment being given back stays here until its worker has finished its
   * notification and the lease is released.
   */
  public Map<Integer, Long> held() {
    Map<Integer, Long> held = new TreeMap<>();
    workers.forEach((segment, worker) -> held.put(segment, worker.lease().token()));
    return Collections.unmodifiableMap(held);
  }

  /**
   * What failed so far, by segment: a segment whose policy failed stops being worked (its lease
   * stays held, so that no other instance repeats the failure) until this instance stops.
   */
  public Map<Integer, Throwable> failures() {
    return Collections.unmodifiableMap(new TreeMap<>(failures));
  }

  /**
   * Stops working after the notification each segment is processing and releases the leases, so
   * that the other instances take the segments over at once. It renews the leases while it waits,
   * so a notification slower than the lease is still saved under it; a segment whose notification
   * takes more than ten renew intervals is left to its lease's expiry. Does nothing if not running.
   *
   * @throws RunnerError if a segment failed while running
   */
  public void stop() {
    if (!state.stop()) {
      return;
    }
    unlisten();
    synchronized (wake) {
      wake.notifyAll();
    }
    if (coordinator != null) {
      try {
        coordinator.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    leaveAll();
    try {
      table.release(presenceName(), 0, instance, presenceToken);
    } catch (PersistenceError e) {
      LOG.warn("{} could not release its presence: {}", instance, e.getMessage());
    }
    LOG.info("{} instance {} stopped", process.name(), instance);
    if (!failures.isEmpty()) {
      Map<String, Throwable> named = new LinkedHashMap<>();
      failures()
          .forEach(
              (segment, failure) -> named.put(process.name() + " segment " + segment, failure));
      throw new RunnerError("the leased follower stopped", named);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private void coordinate() {
    while (state.isRunning()) {
      synchronized (wake) {
        long until = System.nanoTime() + renewNanos;
        long left;
        while (state.isRunning() && (left = until - System.nanoTime()) > 0) {
          try {
            TimeUnit.NANOSECONDS.timedWait(wake, left);
          } catch (InterruptedException e) {
            return;
          }
        }
      }
      if (!state.isRunning()) {
        return;
      }
      try {
        round();
      } catch (RuntimeException e) {
        // The database cannot be reached: the leases run out unless a later round renews them,
        // and the fence stops the workers' saves if they do.
        LOG.warn(
            "{} instance {} could not renew or balance its leases: {}",
            process.name(),
            instance,
            e.getMessage());
      }
    }
  }

  /**
   * One round: presence, renewals (and the release of the leaving segments whose workers have
   * ended), then, unless a segment is still leaving, the share of the segments.
   */
  private synchronized void round() {
    renewPresence();
    renewOrRelease();
    if (leaving.isEmpty()) {
      balance();
    }
  }

  /**
   * Renews every lease held, but releases those of leaving segments whose workers have ended; a
   * worker still processing a notification keeps its lease alive this way, however long the
   * notification takes, so that its save passes the fence and nobody else repeats it.
   */
  private void renewOrRelease() {
    for (Map.Entry<Integer, SegmentWorker> entry : new ArrayList<>(workers.entrySet())) {
      int segment = entry.getKey();
      SegmentWorker worker = entry.getValue();
      if (worker.lost()) {
        lost(segment, worker);
      } else if (leaving.contains(segment) && worker.ended()) {
        release(segment, worker);
      } else if (!worker.lease().renew()) {
        lost(segment, worker);
      }
    }
  }

  private void lost(int segment, SegmentWorker worker) {
    LOG.warn("{} instance {} lost segment {}", process.name(), instance, segment);
    worker.stop();
    workers.remove(segment);
    leaving.remove(segment);
  }

  private void release(int segment, SegmentWorker worker) {
    workers.remove(segment);
    leaving.remove(segment);
    try {
      worker.lease().release();
      LOG.info("{} instance {} gave back segment {}", process.name(), instance, segment);
    } catch (PersistenceError e) {
      LOG.warn("{} could not release segment {}: {}", instance, segment, e.getMessage());
    }
  }

  private void renewPresence() {
    if (presenceToken == 0
        || !table.renew(presenceName(), 0, instance, presenceToken, leases.durationMillis())) {
      presenceToken = table.claim(presenceName(), 0, instance, leases.durationMillis());
    }
  }

  /** Takes this instance's share ({@link FairShare}): gives one segment back, or claims some. */
  private void balance() {
    FairShare fair = FairShare.read(table, process.name(), instance, segments);
    OptionalInt surplus = fair.surplus(workers.keySet());
    if (surplus.isPresent()) {
      leave(surplus.getAsInt());
      return;
    }
    for (int segment : fair.claimable(workers.keySet())) {
      if (workers.size() >= fair.share() || (!state.isRunning() && coordinator != null)) {
        return;
      }
      leases.claim(process.name(), segment, instance).ifPresent(this::work);
    }
  }

  private void work(Lease lease) {
    SegmentWorker worker = new SegmentWorker(
        process, lease, segments, pollNanos, failure -> failures.put(lease.segment(), failure));
    workers.put(lease.segment(), worker);
    worker.start();
  }

  /**
   * Starts giving the segment back: asks its worker to stop after the notification it is processing
   * and releases the lease at once if it has ended in a moment (it was between notifications), or
   * else at the first round that finds it ended; the rounds renew the lease until then.
   */
  private void leave(int segment) {
    SegmentWorker worker = workers.get(segment);
    leaving.add(segment);
    worker.stop();
    if (worker.join(LEAVE_GRACE_MILLIS)) {
      release(segment, worker);
    } else {
      LOG.info(
          "{} instance {} gives back segment {} once its notification is processed",
          process.name(),
          instance,
          segment);
    }
  }

  /**
   * Gives every segment back, as {@link #leave} does, all at once, renewing the leases of the
   * workers still processing a notification; after ten renew intervals, those still processing are
   * left to the lease's expiry.
   */
  private synchronized void leaveAll() {
    workers.forEach((segment, worker) -> {
      leaving.add(segment);
      worker.stop();
    });
    long deadline = System.nanoTime() + renewNanos * 10;
    long renewAt = System.nanoTime();
    while (!workers.isEmpty()) {
      for (Map.Entry<Integer, SegmentWorker> entry : new ArrayList<>(workers.entrySet())) {
        if (entry.getValue().ended()) {
          release(entry.getKey(), entry.getValue());
        }
      }
      if (workers.isEmpty()) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        LOG.warn(
            "{} segment(s) {} did not stop in time; their leases run out instead",
            process.name(),
            workers.keySet());
        workers.clear();
        leaving.clear();
        return;
      }
      if (System.nanoTime() - renewAt >= 0) {
        try {
          renewOrRelease();
        } catch (PersistenceError e) {
          LOG.warn("{} could not renew its leases while stopping: {}", instance, e.getMessage());
        }
        renewAt = System.nanoTime() + renewNanos;
      }
      workers.values().stream().findFirst().ifPresent(worker -> worker.join(LEAVE_GRACE_MILLIS));
    }
  }

  private String presenceName() {
    return FairShare.presenceName(process.name(), instance);
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

  private static void checkSegments(int segments) {
    if (segments < 1 || segments > 1024) {
      throw new IllegalArgumentException("segments " + segments + " is out of range 1..1024");
    }
  }

  /** Configures a {@link LeasedFollower}. */
  public static final class Builder {
    private final ProcessApplication process;
    private int segments = 1;
    private String instance;
    private Duration leaseDuration = Duration.ofSeconds(10);
    private Duration renewInterval = Duration.ofSeconds(3);
    private Duration pollInterval = Duration.ofSeconds(1);
    private final Map<String, Application> prompters = new LinkedHashMap<>();

    private Builder(ProcessApplication process) {
      this.process = Objects.requireNonNull(process, "process");
    }

    /**
     * How many segments the work is split into (default 1: one instance works, the others stand
     * by); the same for every instance. Changing it later makes new positions: the new segments
     * read their upstreams from the start, and skip what the tracking records show processed.
     */
    public Builder segments(int segments) {
      checkSegments(segments);
      this.segments = segments;
      return this;
    }

    /**
     * The name of this instance in the leases' table (default: host name, process id and a random
     * part); unique among the instances.
     */
    public Builder instance(String instance) {
      Leases.checkHolder(instance);
      this.instance = instance;
      return this;
    }

    /**
     * How long a lease lasts unless renewed (default 10 s): how long the segments of an instance
     * that died wait before another takes them over.
     */
    public Builder leaseDuration(Duration duration) {
      this.leaseDuration = Objects.requireNonNull(duration, "duration");
      return this;
    }

    /**
     * How often an instance renews its leases and rebalances (default 3 s); well under the lease
     * duration, so that a late round or two does not lose a lease.
     */
    public Builder renewInterval(Duration interval) {
      this.renewInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Prompts the segments this instance works on whenever {@code application}, the upstream the
     * process application follows as {@code upstream}, saves in this JVM, and, when it stores into
     * PostgreSQL, whenever a {@code NOTIFY} comes on its channel ({@code <TABLE_PREFIX>events}, as
     * the multi-process runner's writers send): a prompted segment pulls at once instead of at its
     * next poll. Writers in other JVMs that send no {@code NOTIFY} are seen at the poll.
     *
     * @throws IllegalArgumentException if the process application does not follow {@code upstream}
     */
    public Builder prompt(String upstream, Application application) {
      Objects.requireNonNull(application, "application");
      if (!process.upstreams().contains(upstream)) {
        throw new IllegalArgumentException(process.name() + " does not follow '" + upstream
            + "'; it follows " + process.upstreams());
      }
      prompters.put(upstream, application);
      return this;
    }

    /** How often each segment polls its upstreams for new notifications (default 1 s). */
    public Builder pollInterval(Duration interval) {
      this.pollInterval = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * A new instance, not started yet.
     *
     * @throws IllegalArgumentException if the renew interval is not under half the lease duration
     * @throws PersistenceError if the leases' table is missing and cannot be created
     */
    public LeasedFollower build() {
      if (renewInterval.isNegative()
          || renewInterval.isZero()
          || renewInterval.multipliedBy(2).compareTo(leaseDuration) >= 0) {
        throw new IllegalArgumentException("the renew interval " + renewInterval
            + " must be positive and under half the lease duration " + leaseDuration);
      }
      if (pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException(
            "the poll interval " + pollInterval + " is not positive");
      }
      return new LeasedFollower(this);
    }
  }
}
