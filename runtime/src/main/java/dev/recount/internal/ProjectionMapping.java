package dev.recount.internal;

import dev.recount.projection.ProjectionContext;
import java.util.Set;

/**
 * Everything the runtime needs to know about one {@code @Projection} class, written by the
 * processor as {@code <Projection>_Projection}: its name, the topics its {@code @Handles} methods
 * take (aliases included), and the dispatch of each event to its handler (a direct call).
 * Registered as a {@link java.util.ServiceLoader} provider, found by {@link ProjectionMappings}.
 *
 * @param <P> the projection class
 */
public interface ProjectionMapping<P> {
  /** The projection class this mapping serves. */
  Class<P> projectionClass();

  /** The name given in {@code @Projection}. */
  String name();

  /** The topics of the events its handlers take, with their aliases. */
  Set<String> topics();

  /**
   * Calls the handler of {@code event}'s type.
   *
   * @return false if it has none (an event of another topic, or a forgotten aggregate's tombstone)
   * @throws Exception whatever the handler throws
   */
  boolean handle(P projection, Object event, ProjectionContext context) throws Exception;
}
