package dev.recount;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The work of processing one upstream notification: the aggregates the policy changed. */
public final class ProcessingUnit {
  private final String upstream;
  private final List<AggregateRoot> aggregates = new ArrayList<>();

  ProcessingUnit(String upstream) {
    this.upstream = upstream;
  }

  /** The name of the upstream application the notification came from. */
  public String upstream() {
    return upstream;
  }

  /** Saves these aggregates' pending events with the notification's tracking record. */
  public void save(AggregateRoot... changed) {
    for (AggregateRoot aggregate : changed) {
      aggregates.add(Objects.requireNonNull(aggregate, "aggregate"));
    }
  }

  List<AggregateRoot> aggregates() {
    return Collections.unmodifiableList(aggregates);
  }
}
