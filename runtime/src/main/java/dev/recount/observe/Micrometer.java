package dev.recount.observe;

import dev.recount.AggregateRoot;
import dev.recount.ConcurrencyError;
import dev.recount.Metadata;
import dev.recount.log.Notification;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.Clock;
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

  // Made once: a save's instrumentation runs among the save's own allocations, where every object
  // and map lookup it adds costs more than it does alone (docs/OBSERVABILITY.md, "What it costs").
  private static final KeyValue SUCCESS = KeyValue.of("outcome", "success");
  private static final KeyValue CONFLICT = KeyValue.of("outcome", "conflict");
  private static final KeyValue ERROR = KeyValue.of("outcome", "error");
  private static final KeyValue NOT_FOUND = KeyValue.of("outcome", "not_found");
  private static final KeyValue SKIPPED = KeyValue.of("outcome", "skipped");

  private static final ClassValue<String> SIMPLE_NAMES = new ClassValue<>() {
    @Override
    protected String computeValue(Class<?> type) {
      return type.getSimpleName();
    }
  };

  private final ObservationRegistry observations;
  private final MeterRegistry meters;
  private final Clock clock;
  private final String application;
  /** The low-cardinality tags of saves and loads, by aggregate tag. */
  private final Map<String, KeyValues> saveTags = new ConcurrentHashMap<>();

  private final Map<String, KeyValues> loadTags = new ConcurrentHashMap<>();
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
    this.clock = meters == null ? null : meters.config().clock();
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
    if (observations.isNoop()) {
      return new Timed(null, saves, true, null); // no handler: an observation would report nowhere
    }
    // A sender's context: a tracing bridge's propagating handler writes the trace's fields
    // (traceparent, ...) into its carrier, which the save stores in the events' metadata.
    SenderContext<Map<String, String>> context =
        new SenderContext<>((carrier, key, value) -> carrier.put(key, value), Kind.PRODUCER);
    context.setCarrier(new LinkedHashMap<>());
    Observation observation = Observation.createNotStarted(SAVE, () -> context, observations)
        .contextualName("recount save")
        .lowCardinalityKeyValues(tags(saveTags, aggregateTag(aggregates)));
    return new Timed(observation, saves, true, null) {
      @Override
      public Metadata trace() {
        return Traces.of(context.getCarrier());
      }
    };
  }

  private KeyValues tags(Map<String, KeyValues> cache, String aggregate) {
    KeyValues tags = cache.get(aggregate);
    if (tags == null) {
      tags = cache.computeIfAbsent(
          aggregate, name -> KeyValues.of("application", application, "aggregate", name));
    }
    return tags;
  }

  @Override
  public Span load(Class<?> aggregateType) {
    Observation observation = observations.isNoop()
        ? null
        : Observation.createNotStarted(LOAD, observations)
            .contextualName("recount load")
            .lowCardinalityKeyValues(tags(loadTags, SIMPLE_NAMES.get(aggregateType)));
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
    return new Timed(observation, timers, false, NOT_FOUND);
  }

  @Override
  public Span process(String process, String upstream, Notification notification) {
    Observation observation = null;
    if (!observations.isNoop()) {
      // A receiver's context: a tracing bridge's propagating handler continues the trace whose
      // fields the upstream save stored in the notification's metadata.
      ReceiverContext<Notification> context = new ReceiverContext<>(
          (carrier, key) ->
              carrier.metadata() == null ? null : carrier.metadata().entries().get(key),
          Kind.CONSUMER);
      context.setCarrier(notification);
      observation = Observation.createNotStarted(PROCESS, () -> context, observations)
          .contextualName("recount process " + upstream)
          .lowCardinalityKeyValue("application", process)
          .lowCardinalityKeyValue("upstream", upstream)
          .lowCardinalityKeyValue("topic", notification.topic())
          .highCardinalityKeyValue("notification", Long.toString(notification.id()));
      if (notification.metadata() != null && notification.metadata().traceId() != null) {
        observation.highCardinalityKeyValue(
            "upstream.trace_id", notification.metadata().traceId());
      }
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
    return new Timed(observation, timers, false, SKIPPED);
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
  public ProjectionMeters projection(String projection) {
    return meters == null
        ? ProjectionMeters.none()
        : ProjectionMeters.micrometer(meters, projection);
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

  /** A started observation (null when no handler would hear it) and timer sample. */
  private class Timed implements Span {
    private final Observation observation;
    private final Observation.Scope scope;
    private final Meters timers;
    private final boolean save;
    private final KeyValue skippedOutcome;
    private final long startNanos;
    private Timer outcome;

    Timed(Observation observation, Meters timers, boolean save, KeyValue skippedOutcome) {
      this.observation = observation == null ? null : observation.start();
      this.scope = observation == null ? null : this.observation.openScope();
      this.timers = timers;
      this.save = save;
      this.skippedOutcome = skippedOutcome;
      this.startNanos = timers == null ? 0 : clock.monotonicTime();
    }

    @Override
    public void succeeded(int events) {
      if (observation != null) {
        observation.lowCardinalityKeyValue(SUCCESS);
      }
      if (timers != null) {
        outcome = timers.success;
        if (save) {
          eventsSaved.increment(events);
        }
      }
    }

    @Override
    public void skipped() {
      if (observation != null) {
        observation.lowCardinalityKeyValue(skippedOutcome);
      }
      if (timers != null) {
        outcome = timers.skipped;
      }
    }

    @Override
    public void failed(Throwable error) {
      boolean conflict = error instanceof ConcurrencyError
          || error.getCause() instanceof ConcurrencyError; // a policy's save, as ProcessingError
      if (observation != null) {
        observation.lowCardinalityKeyValue(conflict ? CONFLICT : ERROR);
        observation.error(error);
      }
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
      if (observation != null) {
        scope.close();
        observation.stop();
      }
      if (outcome != null) {
        outcome.record(clock.monotonicTime() - startNanos, TimeUnit.NANOSECONDS);
      }
    }
  }
}
