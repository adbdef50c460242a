/**
 * The annotation processor: validates {@code @Aggregate}, {@code @Event} and {@code @Apply}
 * elements, reporting every misuse as a compile error at the offending element, and generates the
 * mutator, codecs, snapshot mapping and repository of each aggregate. Internal: not for use from
 * application code.
 */
package dev.recount.processor;
