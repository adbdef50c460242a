package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that keeps a read model from a notification log: plain Java with one
 * {@link Handles} method per {@link Event} type it reads, writing to the user's own tables.
 *
 * <pre>{@code
 * @Projection("world-history")
 * public class WorldHistory implements ReadModel {
 *   @Handles
 *   void on(World.Created event, ProjectionContext context) throws SQLException {
 *     // INSERT INTO context.table("world_history") ... on context.connection()
 *   }
 * }
 * }</pre>
 *
 * <p>The processor generates {@code WorldHistory_Projection}, which dispatches each event to its
 * handler and selects only the topics the handlers take; {@code dev.recount.projection
 * .ProjectionRunner} runs it, many notifications per transaction, with its position stored in the
 * same transaction as the handlers' writes.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Projection {
  /**
   * The projection's name: 1 to 100 letters, digits, {@code _}, {@code .} or {@code -}. It keys its
   * position in the database, so renaming it starts the projection afresh.
   */
  String value();
}
