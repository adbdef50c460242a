package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an event-sourced aggregate: a concrete class extending {@code dev.recount.AggregateRoot}
 * with a non-private no-argument constructor and one {@link Apply} method per {@link Event} record
 * it emits.
 *
 * <p>For {@code com.acme.World}, the processor generates {@code WorldRepository} (load and save),
 * {@code World_Mutator} (calls the {@code @Apply} methods) and {@code World_Events} (stores and
 * reads the events).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface Aggregate {
  /**
   * Takes a snapshot every this many events when the aggregate is saved; {@code 0} (the default)
   * leaves it to the application's {@code SNAPSHOTTING_INTERVAL}, and a negative value never takes
   * one for this aggregate. A negative value declares that a snapshot of the aggregate's fields
   * does not restore its state: the repository's {@code takeSnapshot} and a positive
   * {@code setSnapshotInterval} then refuse, and the aggregate cache (which keeps aggregates in
   * their snapshot form) replays it instead. A repository's {@code setSnapshotInterval} overrides a
   * value of 0 or more at run time.
   */
  int snapshotInterval() default 0;

  /**
   * The version of the aggregate's snapshot shape (its captured fields), starting at 1. Bump it
   * when the fields change after snapshots were stored: snapshots of older versions are then
   * ignored and the aggregate replayed from its events, unless a nested {@link SnapshotVersion}
   * record declares the old shape with an {@link Upcast} chain to the current fields. With the
   * processor's schema check on, a change of fields without a bump fails the build.
   */
  int version() default 1;
}
