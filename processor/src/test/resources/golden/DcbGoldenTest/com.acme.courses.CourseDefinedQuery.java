package com.acme.courses;

import dev.recount.dcb.EventQuery;
import dev.recount.internal.RecountGenerated;
import dev.recount.internal.TagValues;
import java.util.Set;
import javax.annotation.processing.Generated;

/**
 * Selects {@link CourseDefined} events by their tags, for a Dynamic Consistency Boundary.
 * Start with {@link #all()} or a tag's method; combine items with {@code or}.
 *
 * <p>Generated from {@link CourseDefined}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.courses.CourseDefined"
)
@RecountGenerated
public final class CourseDefinedQuery extends EventQuery {
    /**
     * The topic of {@code CourseDefined}, and the aliases it was stored under.
     */
    private static final Set<String> TYPES = Set.of(CourseDefined_Codec.TOPIC, "CourseCreated");

    /**
     * Names the query in the error for a tag value that is null.
     */
    private static final String WHERE = "a query of CourseDefined";

    private CourseDefinedQuery(Set<String> tags) {
        super(TYPES, tags);
    }

    /**
     * Every {@code CourseDefined} event, whatever its tags.
     */
    public static CourseDefinedQuery all() {
        return new CourseDefinedQuery(Set.of());
    }

    /**
     * The {@code CourseDefined} events tagged {@code course:} and the value of
     * {@code course}.
     *
     * @throws IllegalArgumentException if {@code course} is null
     */
    public static CourseDefinedQuery course(CourseId course) {
        return all().andCourse(course);
    }

    /**
     * These events, if also tagged {@code course:} and the value of
     * {@code course}.
     *
     * @throws IllegalArgumentException if {@code course} is null
     */
    public CourseDefinedQuery andCourse(CourseId course) {
        return new CourseDefinedQuery(withTag(TagValues.tag("course",
                course == null ? null : course.value(), WHERE)));
    }
}
