package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Tags an {@link Event} with the value of one of its record components, for Dynamic Consistency
 * Boundaries: queries select events by type and tag, and an append can be made conditional on no
 * matching event having been stored since a decision was taken.
 *
 * <p>On a record component of an {@code @Event} record, {@code @Tag("course") CourseId course}
 * stores the tag {@code course:<value>} with every event; the processor writes the extraction, so
 * nothing is read by reflection. The value is the component's {@code String}, its number
 * ({@code int}, {@code long}, {@code short} or their boxes), its {@code UUID}, its enum constant's
 * name, or, for a record with exactly one component of one of those types (a typed id such as
 * {@code record CourseId(String value)}), that component's value. A {@code null} tag value is
 * refused when the event is appended or saved.
 *
 * <p>On a field of a {@link DecisionModel} class, it names the tag the model is about: the model
 * reads only the events of its {@link Apply} methods that carry that tag with the field's value.
 * Every event the model applies must have that tag, with the field's type.
 *
 * <p>Tags are stored data: once events are stored, renaming a tag changes which events queries
 * find. Tags are stored in the clear, even when event data is encrypted, so tag a value that is not
 * personal data (an id, or a hash of the personal value).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.RECORD_COMPONENT, ElementType.FIELD})
public @interface Tag {
  /**
   * The tag's name, stored as the prefix of every tag value ({@code course} stores
   * {@code course:c1}), and the name of the method that selects it in the generated queries: a Java
   * identifier.
   */
  String value();
}
