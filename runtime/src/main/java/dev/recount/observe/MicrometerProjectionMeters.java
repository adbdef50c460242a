package dev.recount.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A projection runner's meters in a Micrometer registry, all tagged {@code projection}: batches (a
 * timer by outcome), notifications applied and failures (counters), and its status (gauges of the
 * last values reported, so that a scrape costs no query).
 */
final class MicrometerProjectionMeters extends ProjectionMeters {
  private final MeterRegistry registry;
  private final String projection;
  private final Map<String, Timer> batches = new ConcurrentHashMap<>();
  private final Counter applied;
  private final Counter failures;
  private final AtomicLong position = new AtomicLong();
  private final AtomicLong lagEvents = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private final AtomicLong rebuilding = new AtomicLong();
  private final List<Meter> meters = new CopyOnWriteArrayList<>();

  MicrometerProjectionMeters(MeterRegistry registry, String projection) {
    this.registry = registry;
    this.projection = projection;
    this.applied = keep(Counter.builder("recount.projection.events.applied")
        .description("notifications the projection's handlers were given")
        .baseUnit("events")
        .tag("projection", projection)
        .register(registry));
    this.failures = keep(Counter.builder("recount.projection.failures")
        .description("batches that failed (a handler threw, the database was away)")
        .tag("projection", projection)
        .register(registry));
    keep(Gauge.builder("recount.projection.position", position, AtomicLong::get)
        .description("id of the last notification the live generation applied (slowest segment)")
        .tag("projection", projection)
        .strongReference(true)
        .register(registry));
    keep(Gauge.builder("recount.projection.lag", lagEvents, AtomicLong::get)
        .description("notifications of the log newer than the position")
        .baseUnit("events")
        .tag("projection", projection)
        .strongReference(true)
        .register(registry));
    keep(TimeGauge.builder(
            "recount.projection.lag.time", lagMillis, TimeUnit.MILLISECONDS, AtomicLong::get)
        .description("age of the oldest notification of its topics still to apply")
        .tag("projection", projection)
        .strongReference(true)
        .register(registry));
    keep(Gauge.builder("recount.projection.rebuilding", rebuilding, AtomicLong::get)
        .description("1 while a rebuild of the projection is under way, else 0")
        .tag("projection", projection)
        .strongReference(true)
        .register(registry));
  }

  private <M extends Meter> M keep(M meter) {
    meters.add(meter);
    return meter;
  }

  @Override
  public boolean enabled() {
    return true;
  }

  @Override
  public void batch(String outcome, int count, long nanos) {
    batches
        .computeIfAbsent(
            outcome,
            key -> keep(Timer.builder("recount.projection.batches")
                .description("batches (one transaction each), by outcome")
                .tags("projection", projection, "outcome", key)
                .register(registry)))
        .record(nanos, TimeUnit.NANOSECONDS);
    if (count > 0) {
      applied.increment(count);
    }
  }

  @Override
  public void failed() {
    failures.increment();
  }

  @Override
  public void status(long position, long lagEvents, Duration lagTime, boolean rebuilding) {
    this.position.set(position);
    this.lagEvents.set(lagEvents);
    this.lagMillis.set(lagTime.toMillis());
    this.rebuilding.set(rebuilding ? 1 : 0);
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
