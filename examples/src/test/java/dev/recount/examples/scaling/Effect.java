package dev.recount.examples.scaling;

import dev.recount.AggregateRoot;
import dev.recount.annotations.Aggregate;
import dev.recount.annotations.Apply;
import dev.recount.annotations.Event;
import java.util.UUID;

/**
 * What a leased counter stores for each order it processes: which order, which instance processed
 * it, and the fencing token of the lease it held.
 */
@Aggregate
public class Effect extends AggregateRoot {
  UUID order;

  @Event(topic = "scaling.Recorded")
  public record Recorded(UUID order, String instance, long token) {}

  public static Effect record(UUID order, String instance, long token) {
    return create(Effect::new, new Recorded(order, instance, token));
  }

  @Apply
  void on(Recorded event) {
    order = event.order();
  }
}
