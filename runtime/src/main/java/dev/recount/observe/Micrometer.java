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
  /** The key values of saves, by aggregate tag. */
  private final Map<String, Tagged> saveTags = new ConcurrentHashMap<>();

  private final Meters saves;
  private final Counter eventsSaved;
  private final Counter conflicts;
  private final Map<Class<?>, Load> loads = new ConcurrentHashMap<>();
  private final Map<String, Processing> processed = new ConcurrentHashMap<>();
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
      return new Timed(null, null, saves, null); // no handler: an observation would report nowhere
    }
    Tagged tags = saveTags(aggregateTag(aggregates));
    SaveContext context = new SaveContext(tags);
    Observation observation = Observation.createNotStarted(SAVE, () -> context, observations)
        .contextualName("recount save");
    return new Timed(observation, context, saves, null);
  }

  private Tagged saveTags(String aggregate) {
    Tagged tags = saveTags.get(aggregate);
    if (tags == null) {
      tags = saveTags.computeIfAbsent(
          aggregate,
          name -> new Tagged(KeyValues.of("application", application, "aggregate", name)));
    }
    return tags;
  }

  @Override
  public Span load(Class<?> aggregateType) {
    Load load = loads.get(aggregateType);
    if (load == null) {
      load = loads.computeIfAbsent(aggregateType, this::newLoad);
    }
    if (observations.isNoop()) {
      return new Timed(null, null, load.timers, NOT_FOUND);
    }
    KnownContext context = new KnownContext(load.tags);
    Observation observation = Observation.createNotStarted(LOAD, () -> context, observations)
        .contextualName("recount load");
    return new Timed(observation, context, load.timers, NOT_FOUND);
  }

  private Load newLoad(Class<?> type) {
    String name = SIMPLE_NAMES.get(type);
    Meters timers = meters == null
        ? null
        : new Meters(
            meters,
            "recount.loads",
            "loads of aggregates, by outcome",
            "not_found",
            "application",
            application,
            "aggregate",
            name);
    return new Load(
        new Tagged(KeyValues.of("application", application, "aggregate", name)), timers);
  }

  @Override
  public Span process(String process, String upstream, Notification notification) {
    String key = process + '\n' + upstream;
    Processing processing = processed.get(key);
    if (processing == null) {
      processing = processed.computeIfAbsent(key, name -> newProcess(process, upstream));
    }
    Observation observation = null;
    if (!observations.isNoop()) {
      // A receiver's context: a tracing bridge's propagating handler continues the trace whose
      // fields the upstream save stored in the notification's metadata.
      ReceiverContext<Notification> context = new ReceiverContext<>(
          (carrier, field) ->
              carrier.metadata() == null ? null : carrier.metadata().entries().get(field),
          Kind.CONSUMER);
      context.setCarrier(notification);
      observation = Observation.createNotStarted(PROCESS, () -> context, observations)
          .contextualName(processing.contextualName)
          .lowCardinalityKeyValues(processing.tags)
          .lowCardinalityKeyValue("topic", notification.topic())
          .highCardinalityKeyValue("notification", Long.toString(notification.id()));
      if (notification.metadata() != null && notification.metadata().traceId() != null) {
        observation.highCardinalityKeyValue(
            "upstream.trace_id", notification.metadata().traceId());
      }
    }
    return new Timed(observation, null, processing.timers, SKIPPED);
  }

  private Processing newProcess(String process, String upstream) {
    Meters timers = meters == null
        ? null
        : new Meters(
            meters,
            "recount.notifications.processed",
            "upstream notifications processed, by outcome",
            "skipped",
            "application",
            process,
            "upstream",
            upstream);
    return new Processing(
        "recount process " + upstream,
        KeyValues.of("application", process, "upstream", upstream),
        timers);
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

  /**
   * The low-cardinality key values of saves or loads of one aggregate tag, without and with each
   * outcome, made once: a meter handler asks for them at each observation's start and stop.
   */
  private static final class Tagged {
    final KeyValues started;
    private final KeyValues success;
    private final KeyValues conflict;
    private final KeyValues error;
    private final KeyValues notFound;

    Tagged(KeyValues started) {
      this.started = started;
      this.success = started.and(SUCCESS);
      this.conflict = started.and(CONFLICT);
      this.error = started.and(ERROR);
      this.notFound = started.and(NOT_FOUND);
    }

    KeyValues ended(KeyValue outcome) {
      if (outcome == SUCCESS) {
        return success;
      } else if (outcome == CONFLICT) {
        return conflict;
      } else if (outcome == ERROR) {
        return error;
      } else if (outcome == NOT_FOUND) {
        return notFound;
      }
      return started.and(outcome);
    }
  }

  private record Load(Tagged tags, Meters timers) {}

  private record Processing(String contextualName, KeyValues tags, Meters timers) {}

  /** A context whose low-cardinality key values are known while only Recount set them. */
  private interface Known {
    /** Adds the {@code outcome} key value. */
    void outcome(KeyValue outcome);
  }

  /**
   * A load's context. Micrometer's context keeps its key values in a map and makes a sorted
   * {@link KeyValues} of it at every {@link #getLowCardinalityKeyValues()}, which a meter handler
   * calls at start and stop; this one answers with the key values made once ({@link Tagged}) as
   * long as nothing but Recount added or removed any (a filter, a handler, a convention may).
   */
  private static final class KnownContext extends Observation.Context implements Known {
    private final Tagged tags;
    private volatile KeyValues known;

    KnownContext(Tagged tags) {
      this.tags = tags;
      super.addLowCardinalityKeyValues(tags.started);
      this.known = tags.started;
    }

    @Override
    public void outcome(KeyValue outcome) {
      KeyValues before = known;
      super.addLowCardinalityKeyValue(outcome);
      known = before == tags.started ? tags.ended(outcome) : null;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues() {
      KeyValues values = known;
      return values != null ? values : super.getLowCardinalityKeyValues();
    }

    @Override
    public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
      known = null;
      return super.addLowCardinalityKeyValue(keyValue);
    }

    @Override
    public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
      known = null;
      return super.addLowCardinalityKeyValues(keyValues);
    }

    @Override
    public Observation.Context removeLowCardinalityKeyValue(String key) {
      known = null;
      return super.removeLowCardinalityKeyValue(key);
    }

    @Override
    public Observation.Context removeLowCardinalityKeyValues(String... keys) {
      known = null;
      return super.removeLowCardinalityKeyValues(keys);
    }
  }

  /**
   * A save's context, as {@link KnownContext}, and a sender's: a tracing bridge's propagating
   * handler writes the trace's fields (traceparent, ...) into its carrier, which the save stores in
   * the events' metadata.
   */
  private static final class SaveContext extends SenderContext<Map<String, String>>
      implements Known {
    private final Tagged tags;
    private volatile KeyValues known;

    SaveContext(Tagged tags) {
      super((carrier, key, value) -> carrier.put(key, value), Kind.PRODUCER);
      setCarrier(new LinkedHashMap<>());
      this.tags = tags;
      super.addLowCardinalityKeyValues(tags.started);
      this.known = tags.started;
    }

    @Override
    public void outcome(KeyValue outcome) {
      KeyValues before = known;
      super.addLowCardinalityKeyValue(outcome);
      known = before == tags.started ? tags.ended(outcome) : null;
    }

    @Override
    public KeyValues getLowCardinalityKeyValues() {
      KeyValues values = known;
      return values != null ? values : super.getLowCardinalityKeyValues();
    }

    @Override
    public Observation.Context addLowCardinalityKeyValue(KeyValue keyValue) {
      known = null;
      return super.addLowCardinalityKeyValue(keyValue);
    }

    @Override
    public Observation.Context addLowCardinalityKeyValues(KeyValues keyValues) {
      known = null;
      return super.addLowCardinalityKeyValues(keyValues);
    }

    @Override
    public Observation.Context removeLowCardinalityKeyValue(String key) {
      known = null;
      return super.removeLowCardinalityKeyValue(key);
    }

    @Override
    public Observation.Context removeLowCardinalityKeyValues(String... keys) {
      known = null;
      return super.removeLowCardinalityKeyValues(keys);
    }
  }

  /**
   * A started observation (null when no handler would hear it) and timer sample. {@code known} is
   * the observation's context when it is a {@link Known} one; {@code skippedOutcome} the outcome of
   * {@link #skipped()} (none for saves).
   */
  private class Timed implements Span {
    private final Observation observation;
    private final Known known;
    private final Observation.Scope scope;
    private final Meters timers;
    private final KeyValue skippedOutcome;
    private final long startNanos;
    private Timer outcome;

    Timed(Observation observation, Known known, Meters timers, KeyValue skippedOutcome) {
      this.observation = observation == null ? null : observation.start();
      this.known = known;
      this.scope = observation == null ? null : this.observation.openScope();
      this.timers = timers;
      this.skippedOutcome = skippedOutcome;
      this.startNanos = timers == null ? 0 : clock.monotonicTime();
    }

    private void tag(KeyValue value) {
      if (known != null) {
        known.outcome(value);
      } else if (observation != null) {
        observation.lowCardinalityKeyValue(value);
      }
    }

    @Override
    public void succeeded(int events) {
      tag(SUCCESS);
      if (timers != null) {
        outcome = timers.success;
        if (timers == saves) {
          eventsSaved.increment(events);
        }
      }
    }

    @Override
    public void skipped() {
      tag(skippedOutcome);
      if (timers != null) {
        outcome = timers.skipped;
      }
    }

    @Override
    public void failed(Throwable error) {
      boolean conflict = error instanceof ConcurrencyError
          || error.getCause() instanceof ConcurrencyError; // a policy's save, as ProcessingError
      tag(conflict ? CONFLICT : ERROR);
      if (observation != null) {
        observation.error(error);
      }
      if (timers != null) {
        outcome = conflict ? timers.conflict : timers.error;
        if (conflict && timers == saves) {
          conflicts.increment();
        }
      }
    }

    @Override
    public Metadata trace() {
      return known instanceof SaveContext save ? Traces.of(save.getCarrier()) : null;
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
