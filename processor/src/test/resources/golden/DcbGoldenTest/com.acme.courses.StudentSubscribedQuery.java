package com.acme.courses;

import dev.recount.dcb.EventQuery;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.TagValues;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Selects {@link StudentSubscribed} events by their tags, for a Dynamic Consistency Boundary.
 * Start with {@link #all()} or a tag's method; combine items with {@code or}.
 *
 * <p>Generated from {@link StudentSubscribed}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.courses.StudentSubscribed"
)
@RecountGenerated
public final class StudentSubscribedQuery extends EventQuery {
    /**
     * The topic of {@code StudentSubscribed}.
     */
    private static final Set<String> TYPES = Set.of(StudentSubscribed_Codec.TOPIC);

    /**
     * Names the query in the error for a tag value that is null.
     */
    private static final String WHERE = "a query of StudentSubscribed";

    private StudentSubscribedQuery(Set<String> tags) {
        super(TYPES, tags);
    }

    /**
     * Every {@code StudentSubscribed} event, whatever its tags.
     */
    public static StudentSubscribedQuery all() {
        return new StudentSubscribedQuery(Set.of());
    }

    /**
     * The {@code StudentSubscribed} events tagged {@code student:} and the value of
     * {@code student}.
     *
     * @throws IllegalArgumentException if {@code student} is null
     */
    public static StudentSubscribedQuery student(StudentId student) {
        return all().andStudent(student);
    }

    /**
     * These events, if also tagged {@code student:} and the value of
     * {@code student}.
     *
     * @throws IllegalArgumentException if {@code student} is null
     */
    public StudentSubscribedQuery andStudent(StudentId student) {
        return new StudentSubscribedQuery(withTag(TagValues.tag("student",
                student == null ? null : student.value(), WHERE)));
    }

    /**
     * The {@code StudentSubscribed} events tagged {@code course:} and the value of
     * {@code course}.
     *
     * @throws IllegalArgumentException if {@code course} is null
     */
    public static StudentSubscribedQuery course(CourseId course) {
        return all().andCourse(course);
    }

    /**
     * These events, if also tagged {@code course:} and the value of
     * {@code course}.
     *
     * @throws IllegalArgumentException if {@code course} is null
     */
    public StudentSubscribedQuery andCourse(CourseId course) {
        return new StudentSubscribedQuery(withTag(TagValues.tag("course",
                course == null ? null : course.value(), WHERE)));
    }
}
