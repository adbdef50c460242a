package com.acme.courses;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

@Event(standalone = true, aliases = "CourseCreated")
public record CourseDefined(@Tag("course") CourseId course, int capacity) {}
