package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method of an {@link Event} record that converts one older shape of the event
 * (an {@link EventVersion} record) to the next version: its only parameter is the record of
 * version n, and it returns the record of version n + 1 (the event record itself for the last
 * link). The generated codec reads a stored event in the shape it was written with and applies
 * the upcasters up to the current version; stored rows are never rewritten.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Upcast {}
