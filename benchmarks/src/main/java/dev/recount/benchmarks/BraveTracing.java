package dev.recount.benchmarks;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracing for {@link ObservabilityBenchmark}, as Spring Boot's auto-configuration sets it up with
 * the Brave bridge: 128-bit trace ids, W3C propagation, a share of the traces sampled (Spring
 * Boot's {@code management.tracing.sampling.probability}, whose default is 0.1), and the tracing
 * handlers (sender, receiver, default) in one first-matching group beside the meter handler.
 * Finished spans are counted and dropped: what an exporter does with them (Zipkin's reporter queues
 * them for a thread of its own) is not measured.
 */
final class BraveTracing implements AutoCloseable {
  private final AtomicLong finished = new AtomicLong();
  private final Tracing tracing;

  /** With {@code probability} of the traces sampled (0 to 1). */
  BraveTracing(float probability) {
    BraveBaggageManager baggage = new BraveBaggageManager();
    this.tracing = Tracing.newBuilder()
        .localServiceName("benchmark")
        .traceId128Bit(true)
        .propagationFactory(new W3CPropagation(baggage, List.of()))
        .sampler(Sampler.create(probability))
        .addSpanHandler(new SpanHandler() {
          @Override
          public boolean end(TraceContext context, MutableSpan span, Cause cause) {
            finished.incrementAndGet();
            return true;
          }
        })
        .build();
  }

  /** Adds the tracing handlers to {@code registry}, after whatever handlers it has. */
  void install(ObservationRegistry registry) {
    BraveTracer tracer = new BraveTracer(
        tracing.tracer(),
        new BraveCurrentTraceContext(tracing.currentTraceContext()),
        new BraveBaggageManager());
    BravePropagator propagator = new BravePropagator(tracing);
    registry
        .observationConfig()
        .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
            new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
            new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
            new DefaultTracingObservationHandler(tracer)));
  }

  /** The spans ended so far. */
  long finishedSpans() {
    return finished.get();
  }

  @Override
  public void close() {
    tracing.close();
  }
}
