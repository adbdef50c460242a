package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of an {@link Aggregate} that applies one {@link Event} to the aggregate's state.
 * It takes exactly one parameter, the event, must not be private, and is called by generated code
 * both when the event is triggered and when it is replayed from the store, so it should only change
 * state (no side effects, no validation: decide in the command method, record the decision as an
 * event).
 *
 * <p>In a {@link DecisionModel} class, it folds one event type of the model's query into the
 * model's state.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Apply {}
