package com.acme.courses;

import dev.recount.annotations.Event;
import dev.recount.annotations.Tag;

@Event(standalone = true)
public record StudentSubscribed(
    @Tag("student") StudentId student, @Tag("course") CourseId course) {}
