package dev.recount.process;

import dev.recount.AggregateRoot;
import dev.recount.Application;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** The work of processing one upstream notification: the aggregates the policy changed. */
public final class ProcessingUnit {
  private final Application application;
  private final String upstream;
  private final List<AggregateRoot> aggregates = new ArrayList<>();

  ProcessingUnit(Application application, String upstream) {
    this.application = application;
    this.upstream = upstream;
  }

  /**
   * The application the policy stores into: load its aggregates with its repositories, such as
   * {@code ReservationRepository.of(unit.application())}. Save them with {@link #save}, not with
   * the repository, so that they are stored with the tracking record.
   */
  public Application application() {
    return application;
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
