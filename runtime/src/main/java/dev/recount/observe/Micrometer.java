package dev.recount.observe;

import dev.recount.AggregateRoot;
import dev.recount.ConcurrencyError;
import dev.recount.Metadata;
import dev.recount.log.Notification;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.Kind;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Observations, timers, counters and gauges of one application, by Micrometer. The names and tags
 * are listed in docs/OBSERVABILITY.md; every tag value comes from a bounded set (application names,
 * aggregate classes, topics, outcomes), never from ids.
 */
final class Micrometer extends Observability {
  static final String SAVE = "recount.save";
  static final String LOAD = "recount.load";
  static final String PROCESS = "recount.process";

  private static final ClassValue<String> SIMPLE_NAMES = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return type.getSimpleName();
    }
  };

  private final ObservationRegistry observations;
  private final MeterRegistry meters;
  private final String application;
  private final Meters saves;
  private final Counter eventsSaved;
  private final Counter conflicts;
  private final Map<Class<?>, Meters> loads = new ConcurrentHashMap<>();
  private final Map<String, Meters> processed = new ConcurrentHashMap<>();
  private final Map<String, Follower> followers = new ConcurrentHashMap<>();
  private final List<Meter> gauges = new CopyOnWriteArrayList<>();

  Micrometer(ObservationRegistry observations, MeterRegistry meters, String application) {
    this.observations = observations == null ? ObservationRegistry.NOOP : observations;
    this.meters = meters;
    this.application = application;
    if (meters == null) {
      this.saves = null;
      this.eventsSaved = null;
      this.conflicts = null;
    } else {
      this.saves = new Meters(
          meters,
          "recount.saves",
          "saves of aggregates, by outcome",
          null,
          "application",
          application);
      this.eventsSaved = Counter.builder("recount.events.saved")
          .description("events stored by saves")
          .tag("application", application)
          .register(meters);
      this.conflicts = Counter.builder("recount.save.conflicts")
          .description("saves refused because an aggregate was stale (ConcurrencyError)")
          .tag("application", application)
          .register(meters);
    }
  }

  @Override
  public Span save(List<? extends AggregateRoot> aggregates) {
    // A sender's context: a tracing bridge's propagating handler writes the trace's fields
    // (traceparent, ...) into its carrier, which the save stores in the events' metadata.
    SenderContext<Map<String, String>> context =
        new SenderContext<>((carrier, key, value) -> carrier.put(key, value), Kind.PRODUCER);
    context.setCarrier(new LinkedHashMap<>());
    Observation observation = Observation.createNotStarted(SAVE, () -> context, observations)
        .contextualName("recount save")
        .lowCardinalityKeyValue("application", application)
        .lowCardinalityKeyValue("aggregate", aggregateTag(aggregates));
    return new Timed(observation, saves, true, null) {
      @Override
      public Metadata trace() {
        return Traces.of(context.getCarrier());
      }
    };
  }

  @Override
  public Span load(Class<?> aggregateType) {
    Observation observation = Observation.createNotStarted(LOAD, observations)
        .contextualName("recount load")
        .lowCardinalityKeyValue("application", application)
        .lowCardinalityKeyValue("aggregate", SIMPLE_NAMES.get(aggregateType));
    Meters timers = meters == null
        ? null
        : loads.computeIfAbsent(
            aggregateType,
            type -> new Meters(
                meters,
                "recount.loads",
                "loads of aggregates, by outcome",
                "not_found",
                "application",
                application,
                "aggregate",
                SIMPLE_NAMES.get(type)));
    return new Timed(observation, timers, false, "not_found");
  }

  @Override
  public Span process(String process, String upstream, Notification notification) {
    // A receiver's context: a tracing bridge's propagating handler continues the trace whose fields
    // the upstream save stored in the notification's metadata.
    ReceiverContext<Notification> context = new ReceiverContext<>(
        (carrier, key) ->
            carrier.metadata() == null ? null : carrier.metadata().entries().get(key),
        Kind.CONSUMER);
    context.setCarrier(notification);
    Observation observation = Observation.createNotStarted(PROCESS, () -> context, observations)
        .contextualName("recount process " + upstream)
        .lowCardinalityKeyValue("application", process)
        .lowCardinalityKeyValue("upstream", upstream)
        .lowCardinalityKeyValue("topic", notification.topic())
        .highCardinalityKeyValue("notification", Long.toString(notification.id()));
    if (notification.metadata() != null && notification.metadata().traceId() != null) {
      observation.highCardinalityKeyValue(
          "upstream.trace_id", notification.metadata().traceId());
    }
    Meters timers = meters == null
        ? null
        : processed.computeIfAbsent(
            process + '\n' + upstream,
            key -> new Meters(
                meters,
                "recount.notifications.processed",
                "upstream notifications processed, by outcome",
                "skipped",
                "application",
                process,
                "upstream",
                upstream));
    return new Timed(observation, timers, false, "skipped");
  }

  @Override
  public boolean tracksFollowers() {
    return meters != null;
  }

  @Override
  public void followed(String process, String upstream, long position, long lag) {
    if (meters == null) {
      return;
    }
    Follower follower = followers.computeIfAbsent(process + '\n' + upstream, key -> {
      Follower created = new Follower();
      gauges.add(Gauge.builder("recount.follower.position", created.position, AtomicLong::get)
          .description("id of the last upstream notification the follower read")
          .tags("application", process, "upstream", upstream)
          .strongReference(true)
          .register(meters));
      gauges.add(Gauge.builder("recount.follower.lag", created.lag, AtomicLong::get)
          .description("upstream notifications newer than the follower's position")
          .baseUnit("events")
          .tags("application", process, "upstream", upstream)
          .strongReference(true)
          .register(meters));
      return created;
    });
    follower.position.set(position);
    follower.lag.set(lag);
  }

  @Override
  public Observation.ContextView currentContext() {
    Observation current = observations.getCurrentObservation();
    return current == null ? null : current.getContextView();
  }

  @Override
  public void close() {
    if (meters != null) {
      gauges.forEach(meters::remove);
    }
    gauges.clear();
    followers.clear();
  }

  private static String aggregateTag(List<? extends AggregateRoot> aggregates) {
    String tag = null;
    for (AggregateRoot aggregate : aggregates) {
      String name = SIMPLE_NAMES.get(aggregate.getClass());
      if (tag == null) {
        tag = name;
      } else if (!tag.equals(name)) {
        return "several";
      }
    }
    return tag == null ? "none" : tag;
  }

  private record Follower(AtomicLong position, AtomicLong lag) {
    Follower() {
      this(new AtomicLong(), new AtomicLong());
    }
  }

  /** One timer per outcome of an operation, made once. */
  private static final class Meters {
    final Timer success;
    final Timer skipped;
    final Timer conflict;
    final Timer error;

    /** With {@code skipped}, the outcome that is neither success nor failure, if there is one. */
    Meters(MeterRegistry meters, String name, String description, String skipped, String... tags) {
      this.success = timer(meters, name, description, tags, "success");
      this.skipped = skipped == null ? null : timer(meters, name, description, tags, skipped);
      this.conflict = timer(meters, name, description, tags, "conflict");
      this.error = timer(meters, name, description, tags, "error");
    }

    private static Timer timer(
        MeterRegistry meters, String name, String description, String[] tags, String outcome) {
      return Timer.builder(name)
          .description(description)
          .tags(tags)
          .tag("outcome", outcome)
          .register(meters);
    }
  }

  /** A started observation and timer sample. */
  private class Timed implements Span {
    private final Observation observation;
    private final Observation.Scope scope;
    private final Meters timers;
    private final boolean save;
    private final String skippedName;
    private final long startNanos;
    private Timer outcome;

    Timed(Observation observation, Meters timers, boolean save, String skippedName) {
      this.observation = observation.start();
      this.scope = this.observation.openScope();
      this.timers = timers;
      this.save = save;
      this.skippedName = skippedName;
      this.startNanos = timers == null ? 0 : meters.config().clock().monotonicTime();
    }

    @Override
    public void succeeded(int events) {
      observation.lowCardinalityKeyValue("outcome", "success");
      if (timers != null) {
        outcome = timers.success;
        if (save) {
          eventsSaved.increment(events);
        }
      }
    }

    @Override
    public void skipped() {
      observation.lowCardinalityKeyValue("outcome", skippedName);
      if (timers != null) {
        outcome = timers.skipped;
      }
    }

    @Override
    public void failed(Throwable error) {
      boolean conflict = error instanceof ConcurrencyError
          || error.getCause() instanceof ConcurrencyError; // a policy's save, as ProcessingError
      observation.lowCardinalityKeyValue("outcome", conflict ? "conflict" : "error");
      observation.error(error);
      if (timers != null) {
        outcome = conflict ? timers.conflict : timers.error;
        if (conflict && save) {
          conflicts.increment();
        }
      }
    }

    @Override
    public Metadata trace() {
      return null;
    }

    @Override
    public void end() {
      scope.close();
      observation.stop();
      if (outcome != null) {
        outcome.record(meters.config().clock().monotonicTime() - startNanos, TimeUnit.NANOSECONDS);
      }
    }
  }
}
