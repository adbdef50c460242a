package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recount.Application;
import dev.recount.Metadata;
import dev.recount.log.Notification;
import dev.recount.process.ProcessApplication;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * A save's trace reaches its events' metadata, and a follower's processing continues it, through a
 * real {@link ObservationRegistry} whose one handler does what a tracing bridge's propagating
 * handlers do (W3C {@code traceparent} into a sender's carrier, out of a receiver's), on H2.
 */
@SuppressWarnings("try") // scopes are only opened and closed
class TraceMetadataTest {
  private final Tracer tracer = new Tracer();
  private final ObservationRegistry observations = ObservationRegistry.create();

  {
    observations.observationConfig().observationHandler(tracer);
  }

  @Test
  void aSavesEventsCarryItsTraceAndAFollowersProcessingAndEventsContinueIt() {
    try (StoreDatabase database = new StoreDatabase();
        Application upstream = observed(database, "orders_");
        Application downstream = observed(database, "counting_")) {
      Observation request = Observation.start("http.request", observations);
      try (Observation.Scope scope = request.openScope()) {
        Counter counter = Counter.create();
        counter.add(1);
        upstream.save(counter);
      } finally {
        request.stop();
      }
      String trace = Tracer.traceId(request.getContext());

      List<Notification> saved = upstream.log().select(1, 10);
      assertThat(saved).extracting(n -> n.metadata().traceId()).containsOnly(trace);
      // The save's own span, a child of the request's, is what a follower continues from.
      String traceparent = saved.get(0).metadata().entries().get("traceparent");
      assertThat(traceparent).startsWith("00-" + trace + "-").endsWith("-01");
      assertThat(tracer.started).extracting(Observation.Context::getName).contains("recount.save");

      ProcessApplication counting = ProcessApplication.builder("counting", downstream)
          .follow("orders", upstream.log())
          .policy((notification, unit) -> unit.save(Counter.create()))
          .build();
      assertThat(counting.pull()).isEqualTo(2);

      List<Observation.Context> processed = tracer.named("recount.process");
      assertThat(processed).hasSize(2).allSatisfy(context -> {
        assertThat(Tracer.traceId(context)).isEqualTo(trace);
        assertThat(context.getHighCardinalityKeyValue("upstream.trace_id").getValue())
            .isEqualTo(trace);
      });
      assertThat(downstream.log().select(1, 10))
          .extracting(n -> n.metadata().traceId())
          .containsOnly(trace);
    }
  }

  @Test
  void theTraceIdAScopeSetsWinsAndWithoutATraceNothingIsStored() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = observed(database, "orders_")) {
      try (Metadata.Scope scope = Metadata.scope(Metadata.empty().withTraceId("mine"))) {
        app.save(Counter.create());
      }
      ObservationRegistry untraced = ObservationRegistry.create();
      untraced.observationConfig().observationHandler(context -> true);
      try (Application plain = Application.builder()
          .dbUri(database.url)
          .tablePrefix("orders_")
          .observationRegistry(untraced)
          .build()) {
        plain.save(Counter.create());
      }
      List<Notification> log = app.log().select(1, 10);
      assertThat(log.get(0).metadata().traceId()).isEqualTo("mine");
      assertThat(log.get(0).metadata().entries()).containsKey("traceparent");
      assertThat(log.get(1).metadata())
          .as("no tracing bridge: no trace, no metadata")
          .isNull();
    }
  }

  private Application observed(StoreDatabase database, String prefix) {
    return Application.builder()
        .dbUri(database.url)
        .tablePrefix(prefix)
        .observationRegistry(observations)
        .build();
  }

  /**
   * The least of a tracer: each observation gets a span id and the trace id of its parent, of the
   * upstream span a receiver's carrier names, or a new one; a sender's carrier gets the span as
   * {@code traceparent}.
   */
  private static final class Tracer implements ObservationHandler<Observation.Context> {
    final List<Observation.Context> started = new CopyOnWriteArrayList<>();

    static String traceId(Observation.ContextView context) {
      return context.getRequired("trace");
    }

    List<Observation.Context> named(String name) {
      return started.stream().filter(c -> c.getName().equals(name)).toList();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void onStart(Observation.Context context) {
      String trace = null;
      if (context instanceof ReceiverContext<?> receiver) {
        ReceiverContext<Object> typed = (ReceiverContext<Object>) receiver;
        String parent = typed.getGetter().get(typed.getCarrier(), "traceparent");
        trace = parent == null ? null : parent.split("-")[1];
      }
      if (trace == null && context.getParentObservation() != null) {
        trace = traceId(context.getParentObservation().getContextView());
      }
      context.put("trace", trace != null ? trace : hex(16));
      context.put("span", hex(8));
      if (context instanceof SenderContext<?> sender) {
        SenderContext<Object> typed = (SenderContext<Object>) sender;
        typed
            .getSetter()
            .set(
                typed.getCarrier(),
                "traceparent",
                "00-" + context.get("trace") + "-" + context.get("span") + "-01");
      }
      started.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    private static String hex(int bytes) {
      byte[] random = new byte[bytes];
      ThreadLocalRandom.current().nextBytes(random);
      return HexFormat.of().formatHex(random);
    }
  }
}
