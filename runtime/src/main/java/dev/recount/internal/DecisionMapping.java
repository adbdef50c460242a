package dev.recount.internal;

import dev.recount.dcb.EventQuery;

/**
 * Everything the runtime needs to know about one {@code @DecisionModel} class, written by the
 * processor as {@code <Model>_Decision}: the query of a model instance (built from its {@code @Tag}
 * fields, one item per {@code @Apply} method), and how each event read is applied to it (by calling
 * its {@code @Apply} method directly). Registered as a {@link java.util.ServiceLoader} provider,
 * found by {@link DecisionMappings}.
 *
 * @param <M> the decision model class
 */
public interface DecisionMapping<M> {
  /** The decision model class this mapping serves. */
  Class<M> modelClass();

  /** The events {@code model} decides on. */
  EventQuery query(M model);

  /**
   * Applies {@code event} to {@code model} by calling the matching {@code @Apply} method.
   *
   * @throws IllegalArgumentException if the model has no {@code @Apply} method for it
   */
  void apply(M model, Object event);
}
