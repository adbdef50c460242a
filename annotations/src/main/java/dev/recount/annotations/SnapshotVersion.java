package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record nested in an {@link Aggregate} class as an older shape of its snapshots: the
 * fields, as record components, that snapshots of version {@link #value} were taken with. With an
 * {@link Upcast} chain to the current fields, such snapshots keep being used after the aggregate's
 * {@link Aggregate#version} is bumped; snapshots of an older version without a declared shape are
 * ignored, and the aggregate is replayed from its events instead.
 *
 * <pre>{@code
 * @Aggregate(version = 2)
 * public class Account extends AggregateRoot {
 *   String owner;
 *   Map<String, Long> balances = new HashMap<>();
 *
 *   @SnapshotVersion(1)
 *   record V1(String owner, long cents) {}
 *
 *   @Upcast
 *   void restore(V1 old) {
 *     owner = old.owner();
 *     balances.put("EUR", old.cents());
 *   }
 * }
 * }</pre>
 *
 * <p>The components are matched to the stored JSON by name, so their order does not matter.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface SnapshotVersion {
  /** The version whose shape this record is, from 1 to the aggregate's current version - 1. */
  int value();
}
