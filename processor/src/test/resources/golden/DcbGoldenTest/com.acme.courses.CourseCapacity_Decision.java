package com.acme.courses;

import dev.recount.dcb.EventQuery;
import dev.recount.internal.DecisionMapping;
import dev.recount.internal.RecountGenerated;
import javax.annotation.processing.Generated;

/**
 * The query of {@link CourseCapacity} and the dispatch of its events to its {@code @Apply} methods.
 *
 * <p>Generated from {@link CourseCapacity}; do not edit.
 */
@Generated(
        value = "dev.recount.processor.RecountProcessor",
        comments = "from com.acme.courses.CourseCapacity"
)
@RecountGenerated
public final class CourseCapacity_Decision implements DecisionMapping<CourseCapacity> {
    /**
     * For the service loader, which finds this class through {@code META-INF/services}.
     */
    public CourseCapacity_Decision() {
    }

    @Override
    public Class<CourseCapacity> modelClass() {
        return CourseCapacity.class;
    }

    @Override
    public EventQuery query(CourseCapacity model) {
        return CourseDefinedQuery.course(model.course)
                .or(StudentSubscribedQuery.course(model.course));
    }

    @Override
    public void apply(CourseCapacity model, Object event) {
        if (event instanceof CourseDefined courseDefined) {
            model.defined(courseDefined);
        } else if (event instanceof StudentSubscribed studentSubscribed) {
            model.subscribed(studentSubscribed);
        } else {
            throw new IllegalArgumentException(
                    "not an event of decision model com.acme.courses.CourseCapacity: "
                    + event.getClass().getName());
        }
    }
}
