package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method that converts one older shape of stored data to the next version; stored rows are
 * never rewritten, the conversion happens when they are read.
 *
 * <p><b>Events.</b> A static method of an {@link Event} record (or of one of its
 * {@link EventVersion} records) whose only parameter is the record of version n and which returns
 * the record of version n + 1 (the event record itself for the last link). The generated codec
 * reads a stored event in the shape it was written with and applies the upcasters up to the current
 * version.
 *
 * <p><b>Snapshots.</b> In an {@link Aggregate} class (or one of its {@link SnapshotVersion}
 * records): a static method from the record of version n to the record of version n + 1, and, for
 * the last link, an instance method returning {@code void} that takes the record of the aggregate's
 * version - 1 and sets the aggregate's fields from it.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Upcast {}
