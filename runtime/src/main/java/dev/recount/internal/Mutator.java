package dev.recount.internal;

import dev.recount.AggregateRoot;
import dev.recount.Application;
import dev.recount.Repository;

/**
 * Everything the runtime needs to know about one aggregate class, written by the processor as
 * {@code <Aggregate>_Mutator}: how to make an empty instance, how to apply each event to it (by
 * calling its {@code @Apply} methods directly), and how its events are stored.
 *
 * <p>Generated mutators are registered as {@link java.util.ServiceLoader} providers, so that
 * {@code AggregateRoot.trigger} finds the mutator of a new aggregate without reflection.
 *
 * @param <A> the aggregate class
 */
public interface Mutator<A extends AggregateRoot> {
  /** The aggregate class this mutator serves. */
  Class<A> aggregateClass();

  /** The stable name of the aggregate type, stored with its snapshots. */
  String topic();

  /**
   * The aggregate's own snapshot interval from {@code @Aggregate(snapshotInterval)}: positive, a
   * snapshot every that many events; 0, the application's setting; negative, never.
   */
  int snapshotInterval();

  /** A new, empty instance, before any event is applied. */
  A newInstance();

  /**
   * Applies {@code event} to {@code aggregate} by calling the matching {@code @Apply} method.
   *
   * @throws IllegalArgumentException if the aggregate has no {@code @Apply} method for it
   */
  void apply(A aggregate, Object event);

  /** How this aggregate's events are stored. */
  EventMapping events();

  /** How this aggregate's state is captured in snapshots. */
  SnapshotMapping<A> snapshots();

  /**
   * The generated typed repository's class ({@code <Aggregate>Repository}), for containers that
   * register one per aggregate (the Spring Boot starter).
   *
   * @throws UnsupportedOperationException for a mutator not written by the processor
   */
  default Class<? extends Repository<A>> repositoryClass() {
    throw new UnsupportedOperationException(
        getClass().getName() + " was not generated with a typed repository");
  }

  /**
   * A new typed repository of these aggregates in {@code application}.
   *
   * @throws UnsupportedOperationException for a mutator not written by the processor
   */
  default Repository<A> newRepository(Application application) {
    throw new UnsupportedOperationException(
        getClass().getName() + " was not generated with a typed repository");
  }
}
