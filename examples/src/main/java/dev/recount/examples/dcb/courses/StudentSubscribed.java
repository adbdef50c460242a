package dev.recount.examples.dcb.courses;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

/**
 * A student took a place in a course: tagged with both, so that it is part of the course's boundary
 * (its capacity) and of the student's (their limit).
 */
@Event(standalone = true)
public record StudentSubscribed(
    @Tag("student") StudentId student, @Tag("course") CourseId course) {}
