package dev.recount.examples.dcb.courses;

/** Identifies a course; tagged as {@code course:<value>}. */
public record CourseId(String value) {}
