package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a {@link Projection} class that handles one {@link Event} type: its first
 * parameter is the event record, and an optional second one, a
 * {@code dev.recount.projection.ProjectionContext}, gives the batch's JDBC connection and the
 * notification's id, aggregate and timestamp. It may throw any exception: the batch then rolls
 * back, its position with it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Handles {}
