/**
 * The annotations of Recount's public API: {@link dev.recount.annotations.Aggregate} on an
 * aggregate class, {@link dev.recount.annotations.Event} on the records it emits, and
 * {@link dev.recount.annotations.Apply} on the methods that apply those events;
 * {@link dev.recount.annotations.Tag} and {@link dev.recount.annotations.DecisionModel} for Dynamic
 * Consistency Boundaries; {@link dev.recount.annotations.Projection} and
 * {@link dev.recount.annotations.Handles} for read models kept from a notification log. The
 * annotation processor reads them at compile time; they are not needed at run time.
 */
package dev.recount.annotations;
