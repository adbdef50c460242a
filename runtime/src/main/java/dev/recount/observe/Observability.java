package dev.recount.observe;

import dev.recount.AggregateRoot;
import dev.recount.Metadata;
import dev.recount.log.Notification;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;

/**
 * What an application reports about its saves, loads and processing to Micrometer, or nothing. Each
 * application holds one: {@link #none()} unless its builder was given a registry. Not API: users
 * pass their registries to {@code Application.Builder}; the application, its repositories and
 * process applications call this.
 *
 * <p>Micrometer is an optional dependency. Only {@link Micrometer} uses its classes, and it is
 * loaded only when a registry is given, so an application without one runs without Micrometer on
 * its class path, and its hot path costs one call to an empty method that the JIT inlines.
 */
public abstract class Observability {
  Observability() {}

  /** Reports nothing. */
  public static Observability none() {
    return None.INSTANCE;
  }

  /**
   * Reports to Micrometer.
   *
   * @param observations where observations (and so spans, with a tracing bridge) go; null for none
   * @param meters where counters, timers and gauges go; null for none
   * @param application the application's name, a low-cardinality tag on everything reported
   */
  public static Observability micrometer(
      ObservationRegistry observations, MeterRegistry meters, String application) {
    return new Micrometer(observations, meters, application);
  }

  /** Starts reporting one save of these aggregates; the caller ends the returned span. */
  public abstract Span save(List<? extends AggregateRoot> aggregates);

  /** Starts reporting one load of an aggregate of this type. */
  public abstract Span load(Class<?> aggregateType);

  /** Starts reporting the processing of one upstream notification by a process application. */
  public abstract Span process(String process, String upstream, Notification notification);

  /** Whether {@link #followed} reports anything: if not, callers need not compute its values. */
  public abstract boolean tracksFollowers();

  /**
   * Where a follower is: the id of the last notification of {@code upstream} it read, and how far
   * behind the upstream log's newest notification that is.
   */
  public abstract void followed(String process, String upstream, long position, long lag);

  /** The meters of a projection runner that follows this application; none without a registry. */
  public abstract ProjectionMeters projection(String projection);

  /**
   * The context of the observation current on this thread, or null. (A save's trace reaches its
   * events' metadata through {@link Span#trace()}.)
   */
  public abstract Observation.ContextView currentContext();

  /** Removes the gauges this application registered (its followers' positions). */
  public abstract void close();

  /** One save, load or processing being reported. Call one outcome method, then {@link #end()}. */
  public interface Span {
    /** It succeeded: {@code events} events were stored (0 for a load). */
    void succeeded(int events);

    /** A load found nothing, or a notification was already processed: not an error. */
    void skipped();

    /** It failed with {@code error}. */
    void failed(Throwable error);

    /**
     * A save's trace, for its events' metadata: the trace id and the fields a tracing bridge's
     * propagator wrote (W3C {@code traceparent}, ...); {@code null} without a tracing bridge.
     */
    Metadata trace();

    /** Stops timing and closes the span's scope. Call it on the thread that started the span. */
    void end();
  }

  private static final class None extends Observability implements Span {
    static final None INSTANCE = new None();

    @Override
    public Span save(List<? extends AggregateRoot> aggregates) {
      return this;
    }

    @Override
    public Span load(Class<?> aggregateType) {
      return this;
    }

    @Override
    public Span process(String process, String upstream, Notification notification) {
      return this;
    }

    @Override
    public boolean tracksFollowers() {
      return false;
    }

    @Override
    public void followed(String process, String upstream, long position, long lag) {}

    @Override
    public ProjectionMeters projection(String projection) {
      return ProjectionMeters.none();
    }

    @Override
    public Observation.ContextView currentContext() {
      return null;
    }

    @Override
    public void close() {}

    @Override
    public void succeeded(int events) {}

    @Override
    public void skipped() {}

    @Override
    public void failed(Throwable error) {}

    @Override
    public Metadata trace() {
      return null;
    }

    @Override
    public void end() {}
  }
}
