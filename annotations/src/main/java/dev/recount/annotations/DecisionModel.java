package dev.recount.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a class that folds the events of a Dynamic Consistency Boundary into the state a decision
 * needs: plain Java with one {@link Apply} method per {@link Event} type it reads, and a
 * {@link Tag} field per tag that selects its events.
 *
 * <pre>{@code
 * @DecisionModel
 * final class CourseCapacity {
 *   @Tag("course") final CourseId course;
 *   int capacity;
 *   int subscriptions;
 *
 *   CourseCapacity(CourseId course) {
 *     this.course = course;
 *   }
 *
 *   @Apply void on(CourseDefined event) { capacity = event.capacity(); }
 *   @Apply void on(StudentSubscribed event) { subscriptions++; }
 * }
 * }</pre>
 *
 * <p>Its query has one item per {@code @Apply} method: that method's event type, with the tags of
 * the model's {@code @Tag} fields, so every event applied must declare each of them, with the same
 * type. The processor generates {@code CourseCapacity_Decision}, which builds the query from the
 * fields and dispatches each event read to its {@code @Apply} method;
 * {@code dev.recount.dcb.Decision} reads the events of several models at once and appends on the
 * condition that none of their queries matched a new event since.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DecisionModel {}
