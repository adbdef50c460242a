package com.acme.courses;

import dev.recount.dcb.EventQuery;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.TagValues;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Selects {@link Student.Registered} events by their tags, for a Dynamic Consistency Boundary.
 * Start with {@link #all()} or a tag's method; combine items with {@code or}.
 *
 * <p>Generated from {@link Student.Registered}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.courses.Student"
)
@RecountGenerated
public final class Student_RegisteredQuery extends EventQuery {
    /**
     * The topic of {@code Student.Registered}.
     */
    private static final Set<String> TYPES = Set.of(Student_Registered_Codec.TOPIC);

    /**
     * Names the query in the error for a tag value that is null.
     */
    private static final String WHERE = "a query of Student.Registered";

    private Student_RegisteredQuery(Set<String> tags) {
        super(TYPES, tags);
    }

    /**
     * Every {@code Student.Registered} event, whatever its tags.
     */
    public static Student_RegisteredQuery all() {
        return new Student_RegisteredQuery(Set.of());
    }

    /**
     * The {@code Student.Registered} events tagged {@code student:} and the value of
     * {@code student}.
     *
     * @throws IllegalArgumentException if {@code student} is null
     */
    public static Student_RegisteredQuery student(StudentId student) {
        return all().andStudent(student);
    }

    /**
     * These events, if also tagged {@code student:} and the value of
     * {@code student}.
     *
     * @throws IllegalArgumentException if {@code student} is null
     */
    public Student_RegisteredQuery andStudent(StudentId student) {
        return new Student_RegisteredQuery(withTag(TagValues.tag("student",
                student == null ? null : student.value(), WHERE)));
    }

    /**
     * The {@code Student.Registered} events tagged {@code level:} and the value of
     * {@code level}.
     *
     * @throws IllegalArgumentException if {@code level} is null
     */
    public static Student_RegisteredQuery level(Student.Level level) {
        return all().andLevel(level);
    }

    /**
     * These events, if also tagged {@code level:} and the value of
     * {@code level}.
     *
     * @throws IllegalArgumentException if {@code level} is null
     */
    public Student_RegisteredQuery andLevel(Student.Level level) {
        return new Student_RegisteredQuery(withTag(TagValues.tag("level", level, WHERE)));
    }
}
