package dev.recount.observe;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * The meters of one projection runner, or none. Not API: a {@code ProjectionRunner} gets them from
 * the application it follows ({@link Observability#projection}) or from the registry given to its
 * builder, and reports its batches, failures and status to them. As with {@link Observability},
 * only {@link MicrometerProjectionMeters} uses Micrometer's classes, and it is loaded only when a
 * registry is given.
 */
public abstract class ProjectionMeters {
  ProjectionMeters() {}

  /** Reports nothing. */
  public static ProjectionMeters none() {
    return None.INSTANCE;
  }

  /** Reports to {@code registry}, tagged {@code projection} = {@code projection}. */
  public static ProjectionMeters micrometer(MeterRegistry registry, String projection) {
    return new MicrometerProjectionMeters(registry, projection);
  }

  /**
   * Whether anything is reported: if not, callers need not compute the values of {@link #status}.
   */
  public abstract boolean enabled();

  /**
   * One batch committed ({@code outcome} {@code advanced}) or rolled back because another instance
   * had moved the position ({@code raced}), with the notifications it applied and how long it took.
   */
  public abstract void batch(String outcome, int applied, long nanos);

  /** A batch failed: a handler threw, or the database could not be reached. */
  public abstract void failed();

  /** Where the projection is, as its status shows it. */
  public abstract void status(long position, long lagEvents, Duration lagTime, boolean rebuilding);

  /** Removes the gauges from the registry: the runner is closed. */
  public abstract void close();

  private static final class None extends ProjectionMeters {
    static final None INSTANCE = new None();

    @Override
    public boolean enabled() {
      return false;
    }

    @Override
    public void batch(String outcome, int applied, long nanos) {}

    @Override
    public void failed() {}

    @Override
    public void status(long position, long lagEvents, Duration lagTime, boolean rebuilding) {}

    @Override
    public void close() {}
  }
}
