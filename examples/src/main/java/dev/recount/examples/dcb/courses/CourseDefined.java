package dev.recount.examples.dcb.courses;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

/** A course was defined with this many places. */
@Event(standalone = true)
public record CourseDefined(@Tag("course") CourseId course, int capacity) {}
