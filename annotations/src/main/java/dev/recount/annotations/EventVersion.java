package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record nested in an {@link Event} record as an older shape of that event: the components
 * events of version {@link #value} were stored with. Every version from 1 up to the event's current
 * {@link Event#version} (exclusive) needs one, and an {@link Upcast} method that converts it to the
 * next version.
 *
 * <pre>{@code
 * @Event(version = 2)
 * public record Opened(String owner, String currency) {
 *   @EventVersion(1)
 *   record V1(String owner) {}
 *
 *   @Upcast
 *   static Opened upcast(V1 old) {
 *     return new Opened(old.owner(), "EUR");
 *   }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface EventVersion {
  /** The version whose shape this record is, from 1 to the event's current version - 1. */
  int value();
}
