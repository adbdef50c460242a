package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record as a domain event. Declare it nested in its aggregate class, or top-level in the
 * aggregate's package; the aggregate applies it with an {@link Apply} method.
 *
 * <p>The processor generates a JSON codec for the record ({@code World_SomethingHappened_Codec} for
 * {@code World.SomethingHappened}). Every stored event carries a <em>topic</em> that names its type;
 * it is what makes stored data readable again, so it must not change once data is stored.
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
}
