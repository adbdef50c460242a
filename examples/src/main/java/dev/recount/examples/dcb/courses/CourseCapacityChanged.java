package dev.recount.examples.dcb.courses;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

/** A course now has this many places. */
@Event(standalone = true)
public record CourseCapacityChanged(@Tag("course") CourseId course, int capacity) {}
