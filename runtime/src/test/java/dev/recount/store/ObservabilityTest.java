package dev.recount.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recount.Application;
import dev.recount.ConcurrencyError;
import dev.recount.Repository;
import dev.recount.Transaction;
import dev.recount.internal.Internal;
import dev.recount.observe.Observability;
import dev.recount.process.ProcessApplication;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Saves, loads and processed notifications reported to a real {@link ObservationRegistry} (with a
 * handler that keeps every stopped context, as a tracing bridge would turn them into spans) and a
 * real {@link SimpleMeterRegistry}, on H2.
 */
class ObservabilityTest {
  private final Stopped stopped = new Stopped();
  private final ObservationRegistry observations = ObservationRegistry.create();
  private final MeterRegistry meters = new SimpleMeterRegistry();

  {
    observations.observationConfig().observationHandler(stopped);
  }

  @Test
  void aSaveIsAnObservationAndCountsItsEvents() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = observed(database, "orders_")) {
      Counter counter = Counter.create();
      counter.add(5);
      app.save(counter);

      Observation.Context save = stopped.only("recount.save");
      assertThat(save.getContextualName()).isEqualTo("recount save");
      assertThat(tags(save))
          .containsExactlyInAnyOrder("application=orders_", "aggregate=Counter", "outcome=success");
      assertThat(save.getError()).isNull();
      assertThat(meters
              .get("recount.saves")
              .tags("application", "orders_", "outcome", "success")
              .timer()
              .count())
          .isEqualTo(1);
      assertThat(meters.get("recount.events.saved").counter().count()).isEqualTo(2);
      assertThat(meters.get("recount.save.conflicts").counter().count()).isZero();
    }
  }

  @Test
  void aSaveInTheCallersTransactionIsObservedToo() throws Exception {
    try (StoreDatabase database = new StoreDatabase();
        Application app = observed(database, "orders_");
        Connection connection = DriverManager.getConnection(database.url)) {
      try (Transaction transaction = app.transaction(connection)) {
        transaction.save(Counter.create());
        transaction.commit();
      }
      assertThat(tags(stopped.only("recount.save"))).contains("outcome=success");
      assertThat(meters.get("recount.events.saved").counter().count()).isEqualTo(1);
    }
  }

  @Test
  void aConflictIsCountedAndItsObservationCarriesTheError() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = observed(database, "recount_")) {
      Counter counter = Counter.create();
      app.save(counter);
      Repository<Counter> counters = new Repository<>(app, Counter_Mutator.INSTANCE) {};
      Counter first = counters.get(counter.id());
      Counter second = counters.get(counter.id());
      first.add(1);
      second.add(2);
      app.save(first);
      assertThatThrownBy(() -> app.save(second)).isInstanceOf(ConcurrencyError.class);

      Observation.Context lost = stopped.named("recount.save").get(2);
      assertThat(tags(lost)).contains("outcome=conflict");
      assertThat(lost.getError()).isInstanceOf(ConcurrencyError.class);
      assertThat(meters.get("recount.save.conflicts").counter().count()).isEqualTo(1);
      assertThat(meters.get("recount.saves").tag("outcome", "conflict").timer().count())
          .isEqualTo(1);
      assertThat(meters.get("recount.saves").tag("outcome", "success").timer().count())
          .isEqualTo(2);
    }
  }

  @Test
  void theMeterHandlerTimesEachObservationByItsTagsAndSeesWhatAFilterAdds() {
    ObservationRegistry registry = ObservationRegistry.create();
    MeterRegistry timers = new SimpleMeterRegistry();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(timers));
    try (StoreDatabase database = new StoreDatabase();
        Application app = Application.builder()
            .dbUri(database.url)
            .tablePrefix("orders_")
            .observationRegistry(registry)
            .build()) {
      Counter counter = Counter.create();
      app.save(counter);
      Repository<Counter> counters = new Repository<>(app, Counter_Mutator.INSTANCE) {};
      counters.get(counter.id());
      counters.find(UUID.randomUUID());
      assertThat(timerTags(timers, "recount.save"))
          .containsExactly("[tag(aggregate=Counter), tag(application=orders_), tag(error=none),"
              + " tag(outcome=success)]");
      assertThat(timerTags(timers, "recount.load"))
          .containsExactlyInAnyOrder(
              "[tag(aggregate=Counter), tag(application=orders_), tag(error=none),"
                  + " tag(outcome=success)]",
              "[tag(aggregate=Counter), tag(application=orders_), tag(error=none),"
                  + " tag(outcome=not_found)]");

      // The key values a save's context hands out are made once; a filter's (run at stop) and a
      // handler's (run at start) must still reach the meter handler's timer.
      registry.observationConfig().observationFilter(context -> {
        context.addLowCardinalityKeyValue(KeyValue.of("region", "eu"));
        return context;
      });
      app.save(counter);
      assertThat(timers.get("recount.save").tag("region", "eu").timer().count()).isEqualTo(1);
      registry.observationConfig().observationHandler(new ObservationHandler<>() {
        @Override
        public void onStart(Observation.Context context) {
          context.removeLowCardinalityKeyValue("aggregate");
        }

        @Override
        public boolean supportsContext(Observation.Context context) {
          return true;
        }
      });
      counter.add(1);
      app.save(counter);
      assertThat(timers.get("recount.save").tagKeys("region").timers())
          .extracting(timer -> timer.getId().getTag("aggregate"))
          .containsExactlyInAnyOrder("Counter", null);
    }
  }

  @Test
  void aLoadIsAnObservationTimedByAggregateAndOutcome() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = observed(database, "recount_")) {
      Counter counter = Counter.create();
      app.save(counter);
      Repository<Counter> counters = new Repository<>(app, Counter_Mutator.INSTANCE) {};

      assertThat(counters.get(counter.id()).id()).isEqualTo(counter.id());
      assertThat(counters.find(UUID.randomUUID())).isEmpty();

      List<Observation.Context> loads = stopped.named("recount.load");
      assertThat(loads).hasSize(2);
      assertThat(tags(loads.get(0)))
          .containsExactlyInAnyOrder(
              "application=recount_", "aggregate=Counter", "outcome=success");
      assertThat(tags(loads.get(1))).contains("outcome=not_found");
      assertThat(meters
              .get("recount.loads")
              .tags("aggregate", "Counter", "outcome", "success")
              .timer()
              .count())
          .isEqualTo(1);
      assertThat(meters.get("recount.loads").tag("outcome", "not_found").timer().count())
          .isEqualTo(1);
    }
  }

  @Test
  void eachNotificationProcessedIsAnObservationThatHoldsItsSaveAndMovesTheGauges() {
    try (StoreDatabase database = new StoreDatabase();
        Application upstream = observed(database, "orders_")) {
      Application downstream = observed(database, "counting_");
      try {
        processEach(upstream, downstream);
      } finally {
        downstream.close();
      }
      assertThat(meters.find("recount.follower.position").gauge())
          .as("an application's gauges go when it closes")
          .isNull();
    }
  }

  private void processEach(Application upstream, Application downstream) {
    Counter counter = Counter.create();
    counter.add(1);
    counter.add(2);
    upstream.save(counter); // notifications 1, 2 and 3
    stopped.contexts.clear();

    List<String> seen = new ArrayList<>();
    List<String> current = new ArrayList<>();
    ProcessApplication counting = ProcessApplication.builder("counting", downstream)
        .follow("orders", upstream.log())
        .pageSize(1)
        .policy((notification, unit) -> {
          seen.add(gauge("recount.follower.position") + "/" + gauge("recount.follower.lag"));
          // The seam where event metadata will read the trace: the processing observation.
          Observation.ContextView context =
              Internal.applications().observability(downstream).currentContext();
          current.add(context == null ? null : context.getName());
          unit.save(Counter.create());
        })
        .build();
    assertThat(counting.pull()).isEqualTo(3);

    // Position and lag as each notification was processed: one query of the head per page.
    assertThat(seen).containsExactly("none/none", "1/2", "2/1");
    assertThat(gauge("recount.follower.position")).isEqualTo("3");
    assertThat(gauge("recount.follower.lag")).isEqualTo("0");
    assertThat(current).containsOnly("recount.process");

    List<Observation.Context> processed = stopped.named("recount.process");
    assertThat(processed).hasSize(3);
    assertThat(tags(processed.get(0)))
        .containsExactlyInAnyOrder(
            "application=counting",
            "upstream=orders",
            "topic=" + Counter_Created_Codec.TOPIC,
            "outcome=success");
    assertThat(processed.get(0).getHighCardinalityKeyValue("notification").getValue())
        .isEqualTo("1");
    // The policy's save is a child of the processing: one trace from notification to events.
    for (Observation.Context save : stopped.named("recount.save")) {
      assertThat(save.getParentObservation()).isNotNull();
      assertThat(save.getParentObservation().getContextView().getName())
          .isEqualTo("recount.process");
    }
    assertThat(meters
            .get("recount.notifications.processed")
            .tags("application", "counting", "upstream", "orders", "outcome", "success")
            .timer()
            .count())
        .isEqualTo(3);
  }

  @Test
  void withoutARegistryNothingIsReported() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = Application.builder().dbUri(database.url).build()) {
      app.save(Counter.create());
      assertThat(Internal.applications().observability(app)).isSameAs(Observability.none());
      assertThat(Observability.none().currentContext()).isNull();
    }
  }

  @Test
  void observationsAloneNeedNoMeterRegistry() {
    try (StoreDatabase database = new StoreDatabase();
        Application app = Application.builder()
            .dbUri(database.url)
            .observationRegistry(observations)
            .build()) {
      app.save(Counter.create());
      assertThat(tags(stopped.only("recount.save"))).contains("outcome=success");
      assertThat(meters.getMeters()).isEmpty();
    }
  }

  @Test
  void aRegistryWithoutHandlersGetsNoObservationsUntilOneIsAdded() {
    ObservationRegistry bare = ObservationRegistry.create();
    try (StoreDatabase database = new StoreDatabase();
        Application app = Application.builder()
            .dbUri(database.url)
            .observationRegistry(bare)
            .meterRegistry(meters)
            .build()) {
      app.save(Counter.create());
      assertThat(meters.get("recount.events.saved").counter().count())
          .as("the meters count without observations")
          .isEqualTo(1);
      assertThat(stopped.contexts).isEmpty();

      bare.observationConfig().observationHandler(stopped);
      app.save(Counter.create());
      assertThat(tags(stopped.only("recount.save"))).contains("outcome=success");
      assertThat(meters.get("recount.events.saved").counter().count()).isEqualTo(2);
    }
  }

  private Application observed(StoreDatabase database, String prefix) {
    return Application.builder()
        .dbUri(database.url)
        .tablePrefix(prefix)
        .observationRegistry(observations)
        .meterRegistry(meters)
        .build();
  }

  private String gauge(String name) {
    Gauge gauge = meters.find(name).gauge();
    return gauge == null ? "none" : Long.toString((long) gauge.value());
  }

  private static List<String> timerTags(MeterRegistry registry, String name) {
    return registry.find(name).timers().stream()
        .map(timer -> timer.getId().getTags().toString())
        .toList();
  }

  private static List<String> tags(Observation.Context context) {
    List<String> tags = new ArrayList<>();
    context
        .getLowCardinalityKeyValues()
        .forEach(keyValue -> tags.add(keyValue.getKey() + "=" + keyValue.getValue()));
    return tags;
  }

  /** Keeps every context whose observation stopped, in order. */
  private static final class Stopped implements ObservationHandler<Observation.Context> {
    final List<Observation.Context> contexts = new CopyOnWriteArrayList<>();

    @Override
    public void onStop(Observation.Context context) {
      contexts.add(context);
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }

    List<Observation.Context> named(String name) {
      return contexts.stream().filter(context -> context.getName().equals(name)).toList();
    }

    Observation.Context only(String name) {
      List<Observation.Context> named = named(name);
      assertThat(named).hasSize(1);
      return named.get(0);
    }
  }
}
