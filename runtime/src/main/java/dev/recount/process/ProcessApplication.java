package dev.recount.process;

import dev.recount.Application;
import dev.recount.Metadata;
import dev.recount.RecountException;
import dev.recount.internal.AlreadyTracked;
import dev.recount.internal.Internal;
import dev.recount.internal.Tracking;
import dev.recount.log.Notification;
import dev.recount.log.NotificationLog;
import dev.recount.log.NotificationLogReader;
import dev.recount.observe.Observability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An application that follows the notification logs of upstream applications and reacts to their
 * events with a {@link Policy}. Each upstream notification is processed in one transaction that
 * stores the policy's new events and a tracking record (upstream name, notification id); a
 * notification already tracked is skipped, so the effect of each happens exactly once, even when
 * the process dies half-way or two instances race.
 *
 * <pre>{@code
 * ProcessApplication reservations = ProcessApplication.builder("reservations", app)
 *     .follow("orders", orders.log())
 *     .policy((notification, unit) -> {
 *       if (notification.event() instanceof Order.Created created) {
 *         unit.save(Reservation.create(notification.originatorId()));
 *       }
 *     })
 *     .build();
 * reservations.pull();   // processes whatever orders stored since last time
 * }</pre>
 */
public final class ProcessApplication {
  private static final Logger LOG = LoggerFactory.getLogger("dev.recount.process");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  private final String name;
  private final Application application;
  private final Map<String, Upstream> upstreams;
  private final Policy policy;
  private final int pageSize;

  private ProcessApplication(Builder builder) {
    this.name = builder.name;
    this.application = builder.application;
    this.upstreams = Collections.unmodifiableMap(new LinkedHashMap<>(builder.upstreams));
    this.policy = builder.policy;
    this.pageSize = builder.pageSize;
  }

  /** Starts a process application called {@code name} that stores into {@code application}. */
  public static Builder builder(String name, Application application) {
    return new Builder(name, application);
  }

  /** Its name, recorded in its tracking records. */
  public String name() {
    return name;
  }

  /** The application it stores into: use it for repositories, its log and subscribers. */
  public Application application() {
    return application;
  }

  /** The names of the applications it follows, in the order they were given to the builder. */
  public Set<String> upstreams() {
    return upstreams.keySet();
  }

  /**
   * Processes every notification its upstreams have stored since it last processed one.
   *
   * @return how many notifications it processed
   * @throws ProcessingError if the policy failed; what was processed before it stays processed
   */
  public int pull() {
    int processed = 0;
    for (String upstream : upstreams.keySet()) {
      processed += pull(upstream);
    }
    return processed;
  }

  /** Processes what {@code upstream} stored since it last processed one of its notifications. */
  public int pull(String upstream) {
    return pull(upstream, () -> true);
  }

  /**
   * Like {@link #pull(String)}, but returns early, between two notifications, once
   * {@code keepGoing} says no: how runners stop a follower that has a long backlog.
   */
  synchronized int pull(String upstream, BooleanSupplier keepGoing) {
    return pull(upstream, null, keepGoing);
  }

  /**
   * Like {@link #pull(String, BooleanSupplier)}, but only the notifications of {@code segment}'s
   * aggregates, from the segment's own position, each fenced by its lease: what one worker of a
   * {@link LeasedFollower} does. Not synchronized: each segment has one worker.
   *
   * @throws dev.recount.internal.FenceRefused if the segment's lease was lost; nothing of the
   *     notification being processed was stored
   */
  int pull(String upstream, Segment segment, BooleanSupplier keepGoing) {
    Upstream source = source(upstream);
    long position = segment == null ? position(upstream) : position(upstream, segment);
    NotificationLogReader reader =
        new NotificationLogReader(source.log, position).pageSize(pageSize).topics(source.topics);
    Observability observability = Internal.applications().observability(application);
    // With gauges to keep, one more query per page: the newest id of the upstream log.
    boolean gauges = observability.tracksFollowers();
    int processed = 0;
    List<Notification> page;
    while (keepGoing.getAsBoolean()) {
      long head = gauges ? source.log.maxId() : 0;
      page = reader.readPage();
      if (page.isEmpty()) {
        if (gauges) {
          observability.followed(
              name, upstream, reader.position(), Math.max(0, head - reader.position()));
        }
        break;
      }
      for (Notification notification : page) {
        if (!keepGoing.getAsBoolean()) {
          return processed;
        }
        if (segment != null && !segment.contains(notification)) {
          continue;
        }
        if (process(upstream, segment, notification, observability)) {
          processed++;
        }
        if (gauges) {
          observability.followed(
              name, upstream, notification.id(), Math.max(0, head - notification.id()));
        }
      }
    }
    if (processed > 0) {
      LOG.debug("{} processed {} notifications of {}", name, processed, upstream);
    }
    return processed;
  }

  /**
   * Where it is in {@code upstream}'s log: it has processed everything it follows up to this id (or
   * the builder's {@code startAfter} position, if that is later). Unsegmented, that is the id of
   * the last notification it processed. Split into segments by a {@link LeasedFollower}, it is the
   * smallest of the segments' positions, since the segments run apart: a lower bound, held back by
   * a segment that is behind or that has had nothing to process for a while.
   */
  public long position(String upstream) {
    return tracked(upstream).position();
  }

  /**
   * Whether it has processed every notification of {@code upstream} it follows up to
   * {@code position} (such as what a save returned): read-your-writes for what it stores. Split
   * into segments by a {@link LeasedFollower}, every segment must have processed its own
   * notifications up to {@code position}: the answer is the same as for one that is not split.
   *
   * @throws IllegalArgumentException if it does not follow {@code upstream}
   */
  public boolean hasProcessed(String upstream, long position) {
    Upstream source = source(upstream);
    return tracked(upstream)
        .processed(
            Internal.applications().store(application),
            source.log,
            name,
            upstream,
            source.topics,
            position);
  }

  private TrackedPosition tracked(String upstream) {
    return TrackedPosition.read(
        Internal.applications().store(application),
        name,
        upstream,
        source(upstream).startAfter());
  }

  /**
   * Waits until it {@linkplain #hasProcessed has processed} {@code upstream} up to
   * {@code position}, processed by whoever runs it (a runner, another JVM).
   *
   * @return false if {@code timeout} passed first
   * @throws InterruptedException if interrupted while waiting
   */
  public boolean awaitProcessed(String upstream, long position, Duration timeout)
      throws InterruptedException {
    source(upstream);
    return Progress.await(() -> hasProcessed(upstream, position), timeout);
  }

  /** The log of {@code upstream}. */
  NotificationLog log(String upstream) {
    return source(upstream).log;
  }

  private Upstream source(String upstream) {
    Upstream source = upstreams.get(upstream);
    if (source == null) {
      throw new IllegalArgumentException(
          name + " does not follow '" + upstream + "'; it follows " + upstreams.keySet());
    }
    return source;
  }

  /** Where a worker of {@code segment} is in {@code upstream}'s log: its own tracking rows'. */
  long position(String upstream, Segment segment) {
    return Math.max(
        source(upstream).startAfter(),
        Internal.applications().store(application).maxTracked(name, segment.upstream(upstream)));
  }

  private boolean process(
      String upstream, Segment segment, Notification notification, Observability observability) {
    Observability.Span span = observability.process(name, upstream, notification);
    try {
      boolean processed = process(upstream, segment, notification);
      if (processed) {
        span.succeeded(0);
      } else {
        span.skipped();
      }
      return processed;
    } catch (RuntimeException | Error e) {
      span.failed(e);
      throw e;
    } finally {
      span.end();
    }
  }

  @SuppressWarnings("try") // the scope is only opened and closed
  private boolean process(String upstream, Segment segment, Notification notification) {
    try (Metadata.Scope scope = Metadata.scope(caused(upstream, notification))) {
      return processInScope(upstream, segment, notification);
    }
  }

  /**
   * The metadata of what processing {@code notification} stores: caused by it, in its correlation
   * (or, if it had none, correlated with it, the root), on behalf of its principal, in its trace.
   * Its entries stay with it: with a tracing bridge, the save writes its own trace's fields.
   */
  private static Metadata caused(String upstream, Notification notification) {
    String reference = upstream + ":" + notification.id();
    Metadata before = notification.metadata() == null ? Metadata.empty() : notification.metadata();
    return new Metadata(
        before.correlationId() != null ? before.correlationId() : reference,
        reference,
        before.principal(),
        before.traceId(),
        Map.of());
  }

  private boolean processInScope(String upstream, Segment segment, Notification notification) {
    ProcessingUnit unit = new ProcessingUnit(application, upstream);
    try {
      policy.react(notification, unit);
    } catch (RuntimeException e) {
      throw new ProcessingError(name, upstream, notification.id(), e);
    }
    try {
      Internal.applications()
          .saveTracked(
              application,
              new ArrayList<>(unit.aggregates()),
              segment == null
                  ? new Tracking(name, upstream, notification.id())
                  : new Tracking(
                      name,
                      upstream,
                      notification.id(),
                      segment.upstream(upstream),
                      segment.fence()));
      return true;
    } catch (AlreadyTracked e) {
      LOG.debug(
          "{} skipped notification {} of {}: another instance processed it first",
          name,
          notification.id(),
          upstream);
      return false; // another instance processed it first: its effect is already stored
    } catch (RecountException e) {
      throw new ProcessingError(name, upstream, notification.id(), e);
    }
  }

  private record Upstream(NotificationLog log, Set<String> topics, long startAfter) {}

  /** Configures a {@link ProcessApplication}. */
  public static final class Builder {
    private final String name;
    private final Application application;
    private final Map<String, Upstream> upstreams = new LinkedHashMap<>();
    private Policy policy;
    private int pageSize = 100;

    private Builder(String name, Application application) {
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "application name '" + name + "' must be 1 to 100 letters, digits, '_', '.' or '-'");
      }
      this.name = name;
      this.application = Objects.requireNonNull(application, "application");
    }

    /** Follows every event of the upstream application called {@code upstream}. */
    public Builder follow(String upstream, NotificationLog log) {
      return follow(upstream, log, Set.of());
    }

    /** Follows only the events of the given topics of {@code upstream}. */
    public Builder follow(String upstream, NotificationLog log, Set<String> topics) {
      if (!NAME.matcher(upstream).matches()) {
        throw new IllegalArgumentException(
            "upstream name '" + upstream + "' must be 1 to 100 letters, digits, '_', '.' or '-'");
      }
      if (upstreams.putIfAbsent(
              upstream, new Upstream(Objects.requireNonNull(log, "log"), Set.copyOf(topics), 0))
          != null) {
        throw new IllegalArgumentException(name + " already follows '" + upstream + "'");
      }
      return this;
    }

    /**
     * Starts following {@code upstream} after the notification {@code position}: it never processes
     * that one or any before it (say, a new projection that needs only what comes from now on).
     * Where it has processed something later, it goes on from there.
     *
     * @throws IllegalArgumentException if it does not follow {@code upstream} (call {@code follow}
     *     first) or the position is negative
     */
    public Builder startAfter(String upstream, long position) {
      Upstream source = upstreams.get(upstream);
      if (source == null) {
        throw new IllegalArgumentException(
            name + " does not follow '" + upstream + "': follow it before startAfter");
      }
      if (position < 0) {
        throw new IllegalArgumentException("position " + position + " is negative");
      }
      upstreams.put(upstream, new Upstream(source.log(), source.topics(), position));
      return this;
    }

    /** How it reacts to each upstream event. */
    public Builder policy(Policy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** Notifications read per request to an upstream log (default 100). */
    public Builder pageSize(int notifications) {
      Internal.checkSelection(1, notifications);
      this.pageSize = notifications;
      return this;
    }

    public ProcessApplication build() {
      if (policy == null) {
        throw new IllegalStateException(name + " has no policy: call policy(...)");
      }
      if (upstreams.isEmpty()) {
        throw new IllegalStateException(name + " follows nothing: call follow(...)");
      }
      return new ProcessApplication(this);
    }
  }
}
