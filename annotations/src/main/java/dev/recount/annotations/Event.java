package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a domain event. Declare it nested in its aggregate class, or top-level in the
 * aggregate's package; the aggregate applies it with an {@link Apply} method. An event that no
 * aggregate owns, appended with a Dynamic Consistency Boundary condition, is declared
 * {@link #standalone}.
 *
 * <p>The processor generates a JSON codec for the record ({@code World_SomethingHappened_Codec} for
 * {@code World.SomethingHappened}). Every stored event carries a <em>topic</em> that names its
 * type; it is what makes stored data readable again, so it must not change once data is stored.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Event {
  /**
   * The topic stored with each event of this type. By default it is the record's canonical name
   * ({@code com.acme.World.SomethingHappened}); set it explicitly before renaming or moving the
   * record, to the old default, so that stored events keep their meaning.
   */
  String topic() default "";

  /**
   * Other topics that events of this type were stored under: earlier topics of a renamed or moved
   * record, or of one merged into it. Events stored under an alias are read as this record; new
   * ones are stored under {@link #topic}.
   */
  String[] aliases() default {};

  /**
   * The version of this record's shape. Start at 1 (the default); when the components change after
   * events were stored, bump it, keep the old shape as a record nested in this one annotated
   * {@link EventVersion}, and convert it with an {@link Upcast} method. Events of version 1 are
   * stored as they always were; later versions store {@code "@v": n} as the first JSON field.
   */
  int version() default 1;

  /**
   * Whether the event belongs to no aggregate: it is appended with a Dynamic Consistency Boundary
   * condition ({@code dev.recount.dcb}) rather than saved with an aggregate, and read by queries of
   * its type and {@link Tag}s, and by {@link DecisionModel}s. A standalone event may be top-level
   * in any package or nested in any class that is not an aggregate; no aggregate may apply it.
   */
  boolean standalone() default false;
}
